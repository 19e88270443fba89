/**
 * `npm run bench:check`: what the server's board write check (policy/boardWrites.ts with
 * sync/updateInspector.ts) costs per update, against what applying the same update costs, for
 * the check as it is now and as it was at a baseline commit, measured in the same process.
 *
 * Issue 15's target "fan-out p99 with validation on within 10% of validation off" is measured end
 * to end by bench:server, which needs the whole machine. This isolates the part validation adds:
 * the same stream of client updates is replayed against a fresh room for each version, and every
 * update is checked (the extension's checkUpdate, exactly as the room calls it) and then applied
 * (Y.applyUpdate), each timed on its own. The versions take turns, round after round; each
 * update counts with its fastest check and fastest apply over the rounds, since on a shared
 * machine anything else running only ever adds time (the medians of the rounds' totals are
 * reported beside them).
 *
 * Two streams, each the updates real clients send (one transaction, one update):
 * - `bench-notes`: what bench:server's steady scenario sends, the room's facilitator adding notes
 *   (bench/server/client.ts makeNote), 200 to a room as in a 20 s run, in 10 rooms.
 * - `session`: an open step in a room of 30 participants with 150 notes on the board: people
 *   adding their own named notes, typing into them (one update per keystroke), moving them and
 *   deleting them, the facilitator moving anyone's and adding some. Votes and steps are the
 *   control document, which only the server writes, so they are not here.
 *
 * The baseline is read from git (`--baseline=<commit>`, default the commit before this work):
 * its policy/boardWrites.ts and authorTally.ts, sync/updateInspector.ts and updateReader.ts are written under
 * `.tmp/` and imported from there, with the same shared record layer and rules as the current ones.
 * Besides time, each check's allocations are measured (bytes per update, from the heap's used
 * size around each call, in replays of their own), since at 1,500 connections the check's cost
 * showed as garbage: more minor collections, not more storage work.
 *
 * Flags: --rounds=N (default 7, after one warm-up round), --baseline=<commit>, --streams=id,id,
 * --dry (write no results). Writes bench/results/check-cost-<date>.json and check-cost-latest.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import path from 'node:path';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { createNote, deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { controlMap } from '@tributary/shared/control/state';
import type { DocName, Role } from '@tributary/shared/protocol';
import type { Connection } from '../../server/src/sync/connection.ts';
import type { RoomView, SyncExtension } from '../../server/src/sync/hooks.ts';
import { writeResults } from '../results.ts';
import { makeNote } from './client.ts';
import { round } from './stats.ts';
// Seeded, so every run replays the same stream.
import { seededRandom as random } from '../../tests/helpers/random.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The last commit before the check's allocations were cut (issue 15's CPU target at 1,500 connections). */
const DEFAULT_BASELINE = '5a2b04d';
/** The check's own files (a baseline from before the reader or the tally has none of them). */
const CHECK_FILES = [
  'server/src/policy/boardWrites.ts',
  'server/src/policy/authorTally.ts',
  'server/src/sync/updateInspector.ts',
  'server/src/sync/updateEffects.ts',
  'server/src/sync/newRecordShortcut.ts',
  'server/src/sync/updateReader.ts',
];

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(prefix));
  if (!arg) return undefined;
  return arg.startsWith(prefix) ? arg.slice(prefix.length) : 'true';
}

const ROUNDS = Math.max(1, Number(flag('rounds') ?? 7));

// ---------------------------------------------------------------- the streams

interface Writer {
  role: Role;
  participantId: string | null;
  name: string | null;
}

interface StreamUpdate {
  writer: Writer;
  /** What the update does, for the breakdown. */
  kind: string;
  update: Uint8Array;
}

interface Stream {
  id: string;
  title: string;
  /** Rooms, each replayed from its seed: the board before the stream, as storage would load it. */
  rooms: Array<{ seed: Uint8Array | null; updates: StreamUpdate[] }>;
}


/**
 * Records what one client sends: each of its transactions' updates, made against a document
 * kept in step with the room (it receives everyone's updates before it writes, as a live client does).
 */
class RecordingClient {
  readonly doc = new Y.Doc();
  private seen: Y.Doc;
  constructor(
    readonly writer: Writer,
    room: Y.Doc,
  ) {
    this.seen = room;
  }

  write(kind: string, out: StreamUpdate[], change: (doc: Y.Doc) => void): void {
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.seen, Y.encodeStateVector(this.doc)));
    let sent: Uint8Array | null = null;
    const record = (update: Uint8Array) => {
      sent = update;
    };
    this.doc.on('update', record);
    change(this.doc);
    this.doc.off('update', record);
    if (!sent) return;
    Y.applyUpdate(this.seen, sent);
    out.push({ writer: this.writer, kind, update: sent });
  }
}

const FACILITATOR: Writer = { role: 'facilitator', participantId: null, name: null };

function benchNotesStream(): Stream {
  const rooms: Stream['rooms'] = [];
  for (let r = 0; r < 10; r++) {
    const room = new Y.Doc();
    const facilitator = new RecordingClient(FACILITATOR, room);
    const updates: StreamUpdate[] = [];
    for (let seq = 0; seq < 200; seq++) {
      facilitator.write('create', updates, (doc) => notesMap(doc).set(`run-${seq}`, makeNote(seq, 1_700_000_000_000 + seq * 100)));
    }
    rooms.push({ seed: null, updates });
  }
  return { id: 'bench-notes', title: "bench:server's steady traffic: the facilitator adds a note (10 rooms x 200)", rooms };
}

function sessionStream(): Stream {
  const next = random(15);
  const room = new Y.Doc();
  const people = Array.from({ length: 30 }, (_, i) => new RecordingClient({ role: 'participant', participantId: `p_${String(i).padStart(24, '0')}`, name: `Person ${i}` }, room));
  const facilitator = new RecordingClient(FACILITATOR, room);
  const ignored: StreamUpdate[] = [];
  // The board as the step opens: five notes from each person.
  for (const person of people) {
    for (let n = 0; n < 5; n++) person.write('seed', ignored, (doc) => createNote(doc, { text: `Earlier thought ${n} from ${person.writer.name}`, pos: { x: n * 200, y: 100 }, authorId: person.writer.participantId!, authorName: person.writer.name! }));
  }
  const seed = Y.encodeStateAsUpdate(room);
  const updates: StreamUpdate[] = [];
  const own = (person: RecordingClient) => [...notesMap(person.doc).entries()].filter(([, map]) => map.get('authorId') === person.writer.participantId).map(([id]) => id);
  const point = () => ({ x: Math.round(next() * 3000), y: Math.round(next() * 2000) });
  while (updates.length < 3000) {
    const person = people[Math.floor(next() * people.length)]!;
    const r = next();
    if (r < 0.08) {
      person.write('create', updates, (doc) => createNote(doc, { text: '', pos: point(), authorId: person.writer.participantId!, authorName: person.writer.name! }));
    } else if (r < 0.7) {
      // A few keystrokes into one of their notes, each its own update.
      const ids = own(person);
      const id = ids[Math.floor(next() * ids.length)];
      if (!id) continue;
      const keys = 1 + Math.floor(next() * 8);
      for (let k = 0; k < keys; k++) {
        person.write('type', updates, (doc) => setNoteText(doc, id, `${(notesMap(doc).get(id)!.get('text') as string)}${'abcdefghij'[k]}`));
      }
    } else if (r < 0.82) {
      const id = own(person)[0];
      if (id) person.write('move', updates, (doc) => moveNotes(doc, [{ id, pos: point(), areaId: null }]));
    } else if (r < 0.92) {
      const ids = [...notesMap(room).keys()];
      const id = ids[Math.floor(next() * ids.length)]!;
      facilitator.write('move', updates, (doc) => moveNotes(doc, [{ id, pos: point(), areaId: null }]));
    } else if (r < 0.96) {
      facilitator.write('create', updates, (doc) => createNote(doc, { text: 'A theme the facilitator wrote up', pos: point() }));
    } else {
      const ids = own(person);
      if (ids.length > 3) person.write('delete', updates, (doc) => deleteNotes(doc, [ids[ids.length - 1]!]));
    }
  }
  return { id: 'session', title: 'an open step: 30 participants add, type into (per keystroke), move and delete their notes on a 150-note board; the facilitator moves and adds', rooms: [{ seed, updates }] };
}

// ---------------------------------------------------------------- replaying

type CheckUpdate = NonNullable<SyncExtension['checkUpdate']>;

interface Version {
  name: string;
  checkUpdate: CheckUpdate;
}

async function loadVersion(name: string, dir: string): Promise<Version> {
  const module = (await import(pathToFileURL(path.join(dir, 'server/src/policy/boardWrites.ts')).href)) as { boardWrites: () => SyncExtension };
  const checkUpdate = module.boardWrites().checkUpdate;
  if (!checkUpdate) throw new Error(`${name}: boardWrites has no checkUpdate`);
  return { name, checkUpdate };
}

/** The baseline's check files, from git, under .tmp/ (inside the repository, so @tributary/shared resolves). */
function extractBaseline(commit: string): string {
  const resolved = execFileSync('git', ['rev-parse', '--short', commit], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(ROOT, '.tmp', 'check-cost-baseline', resolved);
  for (const file of CHECK_FILES) {
    if (!existsAt(resolved, file)) continue;
    const text = execFileSync('git', ['show', `${resolved}:${file}`], { cwd: ROOT, encoding: 'utf8' });
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function existsAt(commit: string, file: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${commit}:${file}`], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A room's two documents, as the check sees them, with the step open for everyone and arranging allowed. */
function freshRoom(seed: Uint8Array | null): { board: Y.Doc; view: RoomView } {
  const board = new Y.Doc();
  const control = new Y.Doc();
  if (seed) Y.applyUpdate(board, seed);
  control.transact(() => {
    controlMap(control).set('steps', [{ id: 's1', title: 'Ideas', prompt: 'What helps?', mode: 'open', whoMayPost: 'everyone', arrange: true }]);
    controlMap(control).set('stepIndex', 0);
  });
  const docs: Record<DocName, Y.Doc> = { board, control };
  const view: RoomView = { id: 'bench-room', doc: (name) => docs[name], transactServer: () => undefined };
  return { board, view };
}

function connectionOf(writer: Writer): Connection {
  return { identity: { roomId: 'bench-room', docName: 'board', ...writer } } as unknown as Connection;
}

/** One replay's times, per update in stream order (every room's, one after the other), in ms. */
interface RoundTimes {
  check: Float64Array;
  apply: Float64Array;
}

/**
 * What the replay reads around each check and each apply: the time (ms), or the heap's used size
 * (bytes: what the call allocated, unless a garbage collection ran during it).
 */
type Probe = () => number;
const clock: Probe = () => performance.now();
const heapUsed: Probe = () => v8.getHeapStatistics().used_heap_size;

/** Replays every room of a stream once: check, then apply, each update measured on its own. */
function replay(stream: Stream, version: Version, probe: Probe = clock): RoundTimes {
  const count = stream.rooms.reduce((n, r) => n + r.updates.length, 0);
  const times: RoundTimes = { check: new Float64Array(count), apply: new Float64Array(count) };
  let n = 0;
  for (const { seed, updates } of stream.rooms) {
    const { board, view } = freshRoom(seed);
    const connections = new Map<Writer, Connection>();
    for (const { writer, kind, update } of updates) {
      let connection = connections.get(writer);
      if (!connection) connections.set(writer, (connection = connectionOf(writer)));
      const t0 = probe();
      const refused = version.checkUpdate({ room: view, connection, docName: 'board' }, update);
      const t1 = probe();
      if (refused) throw new Error(`${version.name} refused a ${kind} in ${stream.id}: ${refused.reason}`);
      Y.applyUpdate(board, update);
      const t2 = probe();
      times.check[n] = t1 - t0;
      times.apply[n] = t2 - t1;
      n++;
    }
    if (board.store.pendingStructs || board.store.pendingDs) throw new Error(`${stream.id}: an update was left pending`);
  }
  return times;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Garbage collection while `fn` runs: pauses, and how many were minor (scavenges). */
async function withGc<T>(fn: () => T): Promise<{ result: T; gcMs: number; minor: number; major: number }> {
  const seen = { gcMs: 0, minor: 0, major: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      seen.gcMs += entry.duration;
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) seen.minor++;
      else seen.major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const result = fn();
  // GC entries are delivered on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return { result, ...seen };
}

interface Cost {
  /** Per update, in µs. */
  checkUs: number;
  applyUs: number;
  checkPerApply: number;
}

interface VersionResult extends Cost {
  version: string;
  /** Bytes each check allocates, per update (see allocations). */
  checkBytes: number;
  applyBytes: number;
  /** The same from each round's totals (median of rounds): what a busy machine adds shows here. */
  medianOfRounds: Cost;
  gcMsPer1000: number;
  minorGcsPer1000: number;
  byKind: Record<string, Cost & { updates: number }>;
}

/** Per update, its fastest time over the rounds: whatever else the machine did only ever adds time. */
function fastest(rounds: Float64Array[]): Float64Array {
  const out = Float64Array.from(rounds[0]!);
  for (const round of rounds) for (let i = 0; i < out.length; i++) out[i] = Math.min(out[i]!, round[i]!);
  return out;
}

function cost(check: Float64Array, apply: Float64Array, pick: (i: number) => boolean = () => true): Cost & { updates: number } {
  let checkMs = 0;
  let applyMs = 0;
  let updates = 0;
  for (let i = 0; i < check.length; i++) {
    if (!pick(i)) continue;
    checkMs += check[i]!;
    applyMs += apply[i]!;
    updates++;
  }
  return { updates, checkUs: round((checkMs * 1000) / updates, 2), applyUs: round((applyMs * 1000) / updates, 2), checkPerApply: round(checkMs / applyMs, 3) };
}

const total = (values: Float64Array): number => values.reduce((a, b) => a + b, 0);

/**
 * Bytes allocated per update by the check and by the apply, from the heap's used size around
 * each call: per update the largest over a few replays (a garbage collection during a call only
 * ever lowers it), less what reading the heap allocates itself.
 */
function allocations(stream: Stream, version: Version): { check: number; apply: number } {
  const replays = [1, 2, 3].map(() => replay(stream, version, heapUsed));
  const check = largest(replays.map((r) => r.check));
  const apply = largest(replays.map((r) => r.apply));
  const probes: number[] = [];
  for (let i = 0; i < 1001; i++) {
    const h0 = heapUsed();
    probes.push(heapUsed() - h0);
  }
  const own = median(probes.filter((bytes) => bytes >= 0));
  const mean = (values: Float64Array) => total(values) / values.length - own;
  return { check: Math.round(mean(check)), apply: Math.round(mean(apply)) };
}

function largest(rounds: Float64Array[]): Float64Array {
  const out = Float64Array.from(rounds[0]!);
  for (const round of rounds) for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i]!, round[i]!);
  return out;
}

async function measure(stream: Stream, versions: Version[]): Promise<VersionResult[]> {
  for (const version of versions) replay(stream, version); // warm-up: JIT, caches
  const rounds = new Map<Version, Array<{ times: RoundTimes; gcMs: number; minor: number }>>(versions.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order, so neither version always runs right after the other's garbage.
    const order = r % 2 === 0 ? versions : [...versions].reverse();
    for (const version of order) {
      const { result, gcMs, minor } = await withGc(() => replay(stream, version));
      rounds.get(version)!.push({ times: result, gcMs, minor });
    }
  }
  const kinds = stream.rooms.flatMap((room) => room.updates.map((u) => u.kind));
  return versions.map((version) => {
    const list = rounds.get(version)!;
    const check = fastest(list.map((l) => l.times.check));
    const apply = fastest(list.map((l) => l.times.apply));
    const n = check.length;
    const byKind: VersionResult['byKind'] = {};
    for (const kind of new Set(kinds)) byKind[kind] = cost(check, apply, (i) => kinds[i] === kind);
    const { updates: _, ...best } = cost(check, apply);
    const bytes = allocations(stream, version);
    const checkMs = median(list.map((l) => total(l.times.check)));
    const applyMs = median(list.map((l) => total(l.times.apply)));
    return {
      version: version.name,
      ...best,
      checkBytes: bytes.check,
      applyBytes: bytes.apply,
      medianOfRounds: { checkUs: round((checkMs * 1000) / n, 2), applyUs: round((applyMs * 1000) / n, 2), checkPerApply: round(median(list.map((l) => total(l.times.check) / total(l.times.apply))), 3) },
      gcMsPer1000: round((median(list.map((l) => l.gcMs)) * 1000) / n, 2),
      minorGcsPer1000: round((median(list.map((l) => l.minor)) * 1000) / n, 2),
      byKind,
    };
  });
}

// ---------------------------------------------------------------- main

const baselineCommit = flag('baseline') ?? DEFAULT_BASELINE;
const baselineDir = extractBaseline(baselineCommit);
const versions = [await loadVersion(`baseline ${path.basename(baselineDir)}`, baselineDir), await loadVersion('current', ROOT)];
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', ...CHECK_FILES, 'server/src/sync'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
const measuredAt = new Date();
const only = flag('streams')?.split(',');
const streams = [benchNotesStream(), sessionStream()].filter((stream) => !only || only.includes(stream.id));
const results = [];
console.log(`check cost: ${ROUNDS} rounds (medians), baseline ${path.basename(baselineDir)}, current ${head}${dirty ? ' + uncommitted changes' : ''}`);
console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join('/')}`);
for (const stream of streams) {
  const measured = await measure(stream, versions);
  const [before, after] = measured as [VersionResult, VersionResult];
  results.push({
    id: stream.id,
    title: stream.title,
    updates: stream.rooms.reduce((n, r) => n + r.updates.length, 0),
    versions: measured,
    checkNowPerBefore: round(after.checkUs / before.checkUs, 3),
    checkBytesNowPerBefore: round(after.checkBytes / before.checkBytes, 3),
  });
  console.log(`\n${stream.id}: ${stream.title}`);
  console.log('| version | check µs | apply µs | check / apply | (median of rounds: check / apply µs, ratio) | check / apply bytes allocated | GC ms per 1000 updates | scavenges per 1000 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const v of measured) {
    const m = v.medianOfRounds;
    console.log(`| ${v.version} | ${v.checkUs} | ${v.applyUs} | ${v.checkPerApply} | ${m.checkUs} / ${m.applyUs}, ${m.checkPerApply} | ${v.checkBytes} / ${v.applyBytes} | ${v.gcMsPer1000} | ${v.minorGcsPer1000} |`);
  }
  for (const kind of Object.keys(after.byKind)) {
    const b = before.byKind[kind]!;
    const a = after.byKind[kind]!;
    console.log(`  ${kind} (${a.updates}): check ${b.checkUs} -> ${a.checkUs} µs, apply ${b.applyUs} -> ${a.applyUs} µs, check / apply ${b.checkPerApply} -> ${a.checkPerApply}`);
  }
}
const out = {
  measuredAt: measuredAt.toISOString(),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, node: process.version, loadAverage: os.loadavg() },
  rounds: ROUNDS,
  baseline: path.basename(baselineDir),
  current: dirty ? `${head}+uncommitted` : head,
  streams: results,
};
if (flag('dry') === undefined) console.log(`\nwrote bench/results/${writeResults('check-cost', measuredAt, out, { latest: true })}`);
