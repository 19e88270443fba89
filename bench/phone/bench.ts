/**
 * `npm run bench:phone` (issue 17): a mid-range phone on slow 4G opening a join link. Chromium
 * (playwright-core, headless) with the CPU 4x slower (Emulation.setCPUThrottlingRate) and
 * 400 kbit/s both ways with 400 ms round trips (Network.emulateNetworkConditions), against the
 * built client served by two real servers on port 0 in the same run: as shipped, and the same
 * build with `COMPRESSION=0`. For each server, 3 cold runs (a new phone: empty cache and storage)
 * of join link → Join → typing a letter in the note box, then each phone reopens the room with a
 * warm cache. Medians, ratios against the server without compression, the median run's requests
 * (the waterfall), and the targets.
 *
 * Needs a build (`npm run build` first; the bench says so when there is none).
 * Flags: --runs=N (default 3), --quick (one cold run on the server as shipped, no warm run, no
 * comparison, nothing saved: a smoke run), --dry (results not saved), --waterfall (print the median runs' requests),
 * --no-throttle (no slow-down: for checking the harness only; results not saved).
 *
 * Writes bench/results/phone-<date>.json and bench/results/phone-latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tests/helpers/browser.ts';
import { ROOT_DIR } from '../../tests/helpers/paths.ts';
import { makeTempDir, mustCreateRoom, spawnServer, type SpawnedServer } from '../../tests/helpers/server.ts';
import { writeResults } from '../results.ts';
import { SLOW_PHONE, openAndType, openPhone, type PhoneConditions, type PhoneRun, type RequestRecord } from './measure.ts';

/** The targets, for the server as shipped. */
export const TARGETS = { coldTypingMs: 4000, warmTypingMs: 1000, bytesBeforeTyping: 110_000 };

export type ServerKind = 'shipped' | 'uncompressed';

export interface ServerResult {
  env: Record<string, string>;
  cold: PhoneRun[];
  warm: PhoneRun[];
  median: {
    joinUsableMs: number;
    typingMs: number;
    noteBoxMs: number;
    afterJoinMs: number;
    bytesBeforeTyping: number;
    requestsBeforeTyping: number;
    warmTypingMs: number | null;
  };
}

export interface PhoneBenchResult {
  measuredAt: string;
  machine: { cpus: string; cores: number; node: string; loadBefore: number[] };
  conditions: PhoneConditions | null;
  runs: number;
  quick: boolean;
  entry: string;
  servers: Partial<Record<ServerKind, ServerResult>>;
  /** shipped ÷ uncompressed, per median. */
  ratios: Record<string, number> | null;
  targets: typeof TARGETS;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function builtEntry(): string {
  const index = path.join(ROOT_DIR, 'client', 'dist', 'index.html');
  if (!fs.existsSync(index)) throw new Error('No client build at client/dist: run `npm run build` first.');
  return /src="\/(assets\/index-[^"]+\.js)"/.exec(fs.readFileSync(index, 'utf8'))?.[1] ?? 'unknown';
}

const SERVER_ENV: Record<ServerKind, Record<string, string>> = {
  shipped: { SERVE_CLIENT: '1' },
  uncompressed: { SERVE_CLIENT: '1', COMPRESSION: '0' },
};

interface Target {
  kind: ServerKind;
  server: SpawnedServer;
  dataDir: string;
  joinLink: string;
  roomPath: string;
}

async function startTarget(kind: ServerKind): Promise<Target> {
  const dataDir = makeTempDir(`tributary-bench-phone-${kind}-`);
  const server = await spawnServer({ dataDir, env: SERVER_ENV[kind] });
  // A room made through the API, as a facilitator's screen makes it; the phone's link is the join link.
  const room = await mustCreateRoom(server.url, 'What would make the drop-in better?');
  return { kind, server, dataDir, joinLink: `${server.url}/join/${room.joinCode}`, roomPath: `${server.url}/room/${encodeURIComponent(room.roomId)}` };
}

async function stopTarget(target: Target): Promise<void> {
  target.server.kill('SIGKILL');
  await target.server.exited;
  fs.rmSync(target.dataDir, { recursive: true, force: true });
}

/** One phone: a cold run from the join link, then (unless `warm` is false) the room reopened with the warm cache. */
export async function coldThenWarm(browser: Browser, target: { joinLink: string; roomPath: string }, conditions: PhoneConditions | null, warm: boolean) {
  const phone = await openPhone(browser);
  try {
    const cold = await openAndType(phone, target.joinLink, conditions);
    const reopened = warm ? await openAndType(phone, target.roomPath, conditions) : null;
    return { cold, warm: reopened };
  } finally {
    await phone.close();
  }
}

function summarise(env: Record<string, string>, cold: PhoneRun[], warm: PhoneRun[]): ServerResult {
  return {
    env,
    cold,
    warm,
    median: {
      joinUsableMs: median(cold.map((r) => r.joinUsableMs ?? 0)),
      typingMs: median(cold.map((r) => r.typingMs)),
      noteBoxMs: median(cold.map((r) => r.noteBoxMs)),
      afterJoinMs: median(cold.map((r) => r.afterJoinMs ?? 0)),
      bytesBeforeTyping: median(cold.map((r) => r.bytesBeforeTyping)),
      requestsBeforeTyping: median(cold.map((r) => r.requestsBeforeTyping)),
      warmTypingMs: warm.length > 0 ? median(warm.map((r) => r.typingMs)) : null,
    },
  };
}

export async function runPhoneBench(options: { runs: number; quick: boolean; conditions: PhoneConditions | null; log?: (line: string) => void }): Promise<PhoneBenchResult> {
  const log = options.log ?? (() => undefined);
  const entry = builtEntry();
  const kinds: ServerKind[] = options.quick ? ['shipped'] : ['shipped', 'uncompressed'];
  const runs = options.quick ? 1 : options.runs;
  const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const targets: Target[] = [];
  let browser: Browser | undefined;
  try {
    for (const kind of kinds) targets.push(await startTarget(kind));
    browser = await launchChromium();
    const cold = new Map<ServerKind, PhoneRun[]>(kinds.map((k) => [k, []]));
    const warm = new Map<ServerKind, PhoneRun[]>(kinds.map((k) => [k, []]));
    // Alternate the servers run by run, so a burst of load elsewhere on the machine falls on both.
    for (let i = 0; i < runs; i++) {
      for (const target of targets) {
        const result = await coldThenWarm(browser, target, options.conditions, !options.quick);
        cold.get(target.kind)!.push(result.cold);
        if (result.warm) warm.get(target.kind)!.push(result.warm);
        log(
          `run ${i + 1}/${runs} ${target.kind.padEnd(12)} join usable ${ms(result.cold.joinUsableMs)}, typing ${ms(result.cold.typingMs)} ` +
            `(${ms(result.cold.afterJoinMs)} after Join; note box on screen ${ms(result.cold.noteBoxMs)}), ` +
            `${kb(result.cold.bytesBeforeTyping)} in ${result.cold.requestsBeforeTyping} requests` +
            (result.warm ? `; warm ${ms(result.warm.typingMs)}` : '') +
            (result.cold.workerBeforeNoteBox ? ' [service worker registered before the note box showed: its downloads were not slowed, so this run flatters the phone]' : ''),
        );
      }
    }
    const flattered = [...cold.values()].flat().filter((r) => r.workerBeforeNoteBox).length;
    if (flattered > 0) log(`note: in ${flattered} cold run(s) the service worker registered before the note box showed (see above)`);
    // Say so when the comparison cannot show compression: the switch is ignored by a build without it.
    const compressed = (kind: ServerKind) => cold.get(kind)!.reduce((sum, r) => sum + r.compressedResponses, 0);
    if (kinds.includes('uncompressed') && compressed('shipped') === 0) {
      log('note: the server as shipped sent nothing compressed, so both servers sent the same bytes (their spread is this run\'s noise)');
    }
    if (kinds.includes('uncompressed') && compressed('uncompressed') > 0) log('note: with COMPRESSION=0 some responses still came compressed');
    const servers: Partial<Record<ServerKind, ServerResult>> = {};
    for (const kind of kinds) servers[kind] = summarise(SERVER_ENV[kind], cold.get(kind)!, warm.get(kind)!);
    const a = servers.shipped?.median;
    const b = servers.uncompressed?.median;
    const ratio = (x: number | null | undefined, y: number | null | undefined) => (x && y ? Math.round((x / y) * 100) / 100 : 0);
    return {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadBefore },
      conditions: options.conditions,
      runs,
      quick: options.quick,
      entry,
      servers,
      ratios:
        a && b
          ? {
              joinUsable: ratio(a.joinUsableMs, b.joinUsableMs),
              typing: ratio(a.typingMs, b.typingMs),
              noteBox: ratio(a.noteBoxMs, b.noteBoxMs),
              afterJoin: ratio(a.afterJoinMs, b.afterJoinMs),
              bytesBeforeTyping: ratio(a.bytesBeforeTyping, b.bytesBeforeTyping),
              warmTyping: ratio(a.warmTypingMs, b.warmTypingMs),
            }
          : null,
      targets: TARGETS,
    };
  } finally {
    await browser?.close();
    for (const target of targets) await stopTarget(target);
  }
}

const ms = (v: number | null) => (v === null ? '–' : `${(v / 1000).toFixed(2)} s`);
const kb = (v: number) => `${(v / 1000).toFixed(1)} kB`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The README's table, from a result. */
export function renderTable(result: PhoneBenchResult): string {
  const s = result.servers.shipped?.median;
  const u = result.servers.uncompressed?.median;
  const r = result.ratios;
  const row = (what: string, shipped: string, uncompressed: string, ratio: string, target: string) => `| ${what} | ${shipped} | ${uncompressed} | ${ratio} | ${target} |`;
  const x = (v: number | undefined) => (v ? `${v.toFixed(2)}x` : '–');
  const lines = [
    `| median of ${result.runs} | as shipped | \`COMPRESSION=0\` | ratio | target |`,
    '|---|---:|---:|---:|---|',
    row('join page usable', s ? ms(s.joinUsableMs) : '–', u ? ms(u.joinUsableMs) : '–', x(r?.joinUsable), 'none'),
    row('join link to typing in the note box (cold)', s ? ms(s.typingMs) : '–', u ? ms(u.typingMs) : '–', x(r?.typing), `≤ 4.0 s: ${s ? met(s.typingMs <= TARGETS.coldTypingMs) : '–'}`),
    row('join link to the note box on screen', s ? ms(s.noteBoxMs) : '–', u ? ms(u.noteBoxMs) : '–', x(r?.noteBox), 'none'),
    row('of which after tapping Join (tapped at once)', s ? ms(s.afterJoinMs) : '–', u ? ms(u.afterJoinMs) : '–', x(r?.afterJoin), 'none'),
    row(
      'HTTP bytes before typing (requests)',
      s ? `${kb(s.bytesBeforeTyping)} (${s.requestsBeforeTyping})` : '–',
      u ? `${kb(u.bytesBeforeTyping)} (${u.requestsBeforeTyping})` : '–',
      x(r?.bytesBeforeTyping),
      `≤ 110 kB: ${s ? met(s.bytesBeforeTyping <= TARGETS.bytesBeforeTyping) : '–'}`,
    ),
    row(
      'reopening the room, warm cache, to typing',
      s?.warmTypingMs ? ms(s.warmTypingMs) : '–',
      u?.warmTypingMs ? ms(u.warmTypingMs) : '–',
      x(r?.warmTyping),
      `≤ 1.0 s: ${s?.warmTypingMs ? met(s.warmTypingMs <= TARGETS.warmTypingMs) : '–'}`,
    ),
  ];
  return lines.join('\n');
}

/** The requests of a run, one a line: start, end, bytes, what. */
export function renderWaterfall(run: PhoneRun): string {
  const name = (r: RequestRecord) => {
    const u = new URL(r.url);
    return `${r.type.padEnd(10)} ${u.pathname}${u.search ? '?…' : ''}`;
  };
  return run.requests
    .map((r) => {
      const end = r.endMs === null ? '   …   ' : `${String(Math.round(r.endMs)).padStart(6)}`;
      const cache = r.fromCache ? ' (cache)' : '';
      const enc = r.encoding ? ` ${r.encoding}` : '';
      return `${String(Math.round(r.startMs)).padStart(6)} → ${end} ms ${kb(r.bytes).padStart(9)}${enc}${cache}  ${name(r)}`;
    })
    .join('\n');
}

/** The run whose typing time is the median one. */
function medianRun(runs: readonly PhoneRun[]): PhoneRun {
  const sorted = [...runs].sort((a, b) => a.typingMs - b.typingMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function main(argv: string[]): Promise<void> {
  const quick = flag(argv, 'quick') !== undefined;
  const throttle = flag(argv, 'no-throttle') === undefined;
  const runs = Number(flag(argv, 'runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number, at least 1');
  const started = Date.now();
  const result = await runPhoneBench({ runs, quick, conditions: throttle ? SLOW_PHONE : null, log: (line) => console.log(line) });
  console.log('');
  console.log(renderTable(result));
  if (flag(argv, 'waterfall') !== undefined) {
    for (const [kind, server] of Object.entries(result.servers)) {
      console.log(`\n${kind}, median cold run (ms from the join link):\n${renderWaterfall(medianRun(server.cold))}`);
      if (server.warm.length > 0) console.log(`\n${kind}, median warm run:\n${renderWaterfall(medianRun(server.warm))}`);
    }
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s; load average before ${result.machine.loadBefore.join('/')}`);
  // A smoke run, a dry run or one without the slow-down is not a measurement to keep.
  if (quick || !throttle || flag(argv, 'dry') !== undefined) return;
  const file = writeResults('phone', new Date(result.measuredAt), result, { latest: true });
  console.log(`wrote bench/results/${file} and phone-latest.json`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT_DIR, 'bench/phone/bench.ts')) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
