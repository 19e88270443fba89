/**
 * A load generator process for `npm run bench:server` (forked by bench.ts with
 * `serialization: 'advanced'`). It holds the clients of some rooms, and the writer of each room
 * sits in the same process as its readers, so send and receive times come from one clock.
 *
 * IPC, harness → loadgen:
 * - `{ type: 'connect', dialect, rooms }`: open every socket, wait until each is synced.
 * - `{ type: 'run', rateHz, awarenessHz, durationMs, drainMs }`: writers write at `rateHz`,
 *   every client publishes presence at `awarenessHz`; then wait until everything written has
 *   reached every reader (at most `drainMs`), and report.
 * - `{ type: 'storm', ... }` (join storm, see runStorm).
 * - `{ type: 'close' }`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BenchClient, nextNoteIn, nowMs, updateHasKey, writeNote, type Dialect } from './client.ts';

export interface Endpoint {
  url: string;
  docName?: string;
  token?: string;
}

export interface RoomSpec {
  name: string;
  writer: Endpoint;
  readers: Endpoint[];
}

export interface RunResult {
  type: 'result';
  expected: number;
  received: number;
  written: number;
  /** Notes written during the warm-up before the run: the server's CPU window holds them too. */
  warmupWritten: number;
  latencies: Float64Array;
  awarenessLatencies: Float64Array;
  awarenessSent: number;
  awarenessReceived: number;
  closedDuringRun: number;
  /** Rooms whose first reader applied every frame, and of those, the ones whose document holds every run note. */
  verifiedRooms: number;
  convergedRooms: number;
  writeMs: number;
  loopDelayP99Ms: number;
  cpuMs: number;
}

interface Room {
  spec: RoomSpec;
  writer: BenchClient;
  readers: BenchClient[];
  /** Per reader: how many run notes it has received (they arrive in order: one writer per room). */
  received: number[];
  written: number;
  /** Send time of each run note, by sequence number. */
  sentAt: number[];
}

let dialect: Dialect = 'y';
let rooms: Room[] = [];
const all = (): BenchClient[] => rooms.flatMap((r) => [r.writer, ...r.readers]);

function open(endpoint: Endpoint, onAwareness?: (clientId: number, state: Record<string, unknown> | null) => void): BenchClient {
  return new BenchClient({ url: endpoint.url, dialect, docName: endpoint.docName, token: endpoint.token, onAwareness });
}

class Samples {
  private data = new Float64Array(1 << 14);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

let latencies = new Samples();
let awarenessLatencies = new Samples();
let measuring = false;
let awarenessReceived = 0;

function onAwareness(_clientId: number, state: Record<string, unknown> | null): void {
  if (!measuring || !state) return;
  awarenessReceived++;
  const t = state.t;
  if (typeof t === 'number') awarenessLatencies.push(nowMs() - t);
}

/** Run notes in a client's document (it must apply what it receives). */
function runNotesIn(client: BenchClient): number {
  let count = 0;
  for (const key of client.doc.getMap('notes').keys()) if (key.startsWith('run-')) count++;
  return count;
}

async function settleAll(clients: BenchClient[], timeoutMs: number): Promise<number> {
  let failed = 0;
  await Promise.all(
    clients.map((c) =>
      Promise.race([c.synced.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs))]).then((ok) => {
        if (!ok) failed++;
      }),
    ),
  );
  return failed;
}

async function connect(specs: RoomSpec[], batch: number): Promise<{ failed: number; ms: number }> {
  const t0 = nowMs();
  rooms = [];
  const pending: BenchClient[] = [];
  for (const spec of specs) {
    const writer = open(spec.writer, onAwareness);
    const room: Room = { spec, writer, readers: [], received: [], written: 0, sentAt: [] };
    spec.readers.forEach((endpoint, i) => {
      // Readers time a note when the frame carrying it arrives, found by its key in the bytes,
      // and do not apply it: 450 documents growing in one process made the load generator's
      // own garbage collection the longest stall in the run, for every server alike. The first
      // reader of each room still applies everything, and must hold every note at the end.
      const reader = new BenchClient({
        url: endpoint.url,
        dialect,
        docName: endpoint.docName,
        token: endpoint.token,
        onAwareness,
        applyRemote: i === 0,
        onRemote: (kind, payload, at) => {
          const from = room.received[i]!;
          const next = nextNoteIn(payload, 'run', from, room.sentAt.length);
          // Only live updates say anything about fan-out (a reconnect's sync step 2 does not).
          if (measuring && kind === 'update') for (let seq = from; seq < next; seq++) latencies.push(at - room.sentAt[seq]!);
          room.received[i] = next;
        },
      });
      room.readers.push(reader);
      room.received.push(0);
    });
    rooms.push(room);
    pending.push(writer, ...room.readers);
    // Open sockets in batches so the connect phase is not itself a join storm.
    if (pending.length >= batch) await settleAll(pending.splice(0), 30_000);
  }
  await settleAll(pending, 30_000);
  const failed = all().filter((c) => !c.syncedAt).length;
  return { failed, ms: nowMs() - t0 };
}

async function run(msg: { rateHz: number; awarenessHz: number; durationMs: number; drainMs: number; warmupMs: number }): Promise<RunResult> {
  const warmupWritten = msg.warmupMs > 0 ? await warmup(msg.rateHz, msg.warmupMs) : 0;
  latencies = new Samples();
  awarenessLatencies = new Samples();
  awarenessReceived = 0;
  let awarenessSent = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  measuring = true;
  const timers: Array<ReturnType<typeof setInterval>> = [];
  const starters: Array<ReturnType<typeof setTimeout>> = [];
  const every = (periodMs: number, fn: () => void) => {
    // A random phase, so rooms and clients do not all fire in the same millisecond.
    starters.push(
      setTimeout(() => {
        fn();
        timers.push(setInterval(fn, periodMs));
      }, Math.random() * periodMs),
    );
  };
  const t0 = nowMs();
  const end = t0 + msg.durationMs;
  for (const room of rooms) {
    every(1000 / msg.rateHz, () => {
      if (nowMs() >= end || room.writer.closed) return;
      room.sentAt.push(nowMs());
      writeNote(room.writer, room.written++, 'run');
    });
  }
  if (msg.awarenessHz > 0) {
    for (const client of all()) {
      let n = 0;
      every(1000 / msg.awarenessHz, () => {
        if (nowMs() >= end) return;
        n++;
        awarenessSent++;
        client.setAwareness({ name: 'bench', color: '#f5c542', cursor: { x: (n * 13) % 1200, y: (n * 7) % 800 }, t: nowMs() });
      });
    }
  }
  await new Promise((resolve) => setTimeout(resolve, msg.durationMs + 50));
  for (const t of starters) clearTimeout(t);
  for (const t of timers) clearInterval(t);
  const writeMs = nowMs() - t0;
  const expectedOf = () => rooms.reduce((sum, r) => sum + r.written * r.readers.length, 0);
  const receivedOf = () => rooms.reduce((sum, r) => sum + r.received.reduce((a, b) => a + Math.min(b, r.written), 0), 0);
  const drainEnd = nowMs() + msg.drainMs;
  while (receivedOf() < expectedOf() && nowMs() < drainEnd) await new Promise((resolve) => setTimeout(resolve, 50));
  // Presence sent in the last moments still counts for its latency.
  await new Promise((resolve) => setTimeout(resolve, 300));
  measuring = false;
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  return {
    type: 'result',
    expected: expectedOf(),
    received: receivedOf(),
    written: rooms.reduce((sum, r) => sum + r.written, 0),
    warmupWritten,
    latencies: latencies.take(),
    awarenessLatencies: awarenessLatencies.take(),
    awarenessSent,
    awarenessReceived,
    closedDuringRun: all().filter((c) => c.closed).length,
    verifiedRooms: rooms.filter((r) => r.readers[0]?.appliesRemote).length,
    convergedRooms: rooms.filter((r) => r.readers[0]?.appliesRemote && runNotesIn(r.readers[0]) === r.written).length,
    writeMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/**
 * Writes at the run's rate for a while, unmeasured, so every process is warm (JIT, buffers).
 * Resolves with how many notes it wrote.
 */
async function warmup(rateHz: number, ms: number): Promise<number> {
  let written = 0;
  const timers = rooms.map((room) => {
    let n = 0;
    return setInterval(() => {
      writeNote(room.writer, n++, 'warm');
      written++;
    }, 1000 / rateHz);
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const t of timers) clearInterval(t);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return written;
}

export interface StormSpec {
  type: 'storm';
  dialect: Dialect;
  writer: Endpoint;
  joiners: Endpoint[];
  seedNotes: number;
  burst: number;
  burstHz: number;
  timeoutMs: number;
}

/**
 * Join storm: the writer fills the room with `seedNotes` notes (in transactions of 50) and a
 * probe checks the server holds them; then every joiner opens its socket in the same tick while
 * the writer writes a burst of `burst` notes at `burstHz`. Reports each joiner's time from
 * asking for the socket to receiving the whole board (sync step 2), and whether each joiner
 * gets every burst note (in its initial sync or live, found by key in the frames).
 */
async function storm(spec: StormSpec, reply: (message: unknown) => void): Promise<void> {
  dialect = spec.dialect;
  const writer = open(spec.writer);
  await writer.synced;
  for (let i = 0; i < spec.seedNotes; i += 50) {
    writer.doc.transact(() => {
      for (let j = i; j < Math.min(spec.seedNotes, i + 50); j++) writeNote(writer, j, 'seed');
    });
  }
  const probe = open(spec.joiners[0]!);
  const probeEnd = nowMs() + 20_000;
  await probe.synced;
  while (probe.doc.getMap('notes').size < spec.seedNotes && nowMs() < probeEnd) await new Promise((resolve) => setTimeout(resolve, 50));
  const seeded = probe.doc.getMap('notes').size;
  probe.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  reply({ type: 'seeded', seeded });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const burstSentAt: number[] = [];
  const burstSeen = spec.joiners.map(() => new Set<number>());
  const burstLatencies = new Samples();
  const t0 = nowMs();
  // Most joiners only look at what arrives (see BenchClient.applyRemote); every 60th applies
  // it all, and is checked at the end for every seed and burst note.
  const joiners = spec.joiners.map((endpoint, i) => {
    const verify = i % 60 === 0;
    return new BenchClient({
      url: endpoint.url,
      dialect,
      docName: endpoint.docName,
      token: endpoint.token,
      applyRemote: verify,
      onRemote: (kind, payload, at) => {
        const seen = burstSeen[i]!;
        for (let seq = 0; seq < burstSentAt.length; seq++) {
          if (seen.has(seq) || !updateHasKey(payload, `burst-${seq}`)) continue;
          seen.add(seq);
          // Only notes that came as live updates say anything about fan-out.
          if (kind === 'update') burstLatencies.push(at - burstSentAt[seq]!);
        }
      },
    });
  });
  const burstTimer = setInterval(() => {
    if (burstSentAt.length >= spec.burst) return clearInterval(burstTimer);
    burstSentAt.push(nowMs());
    writeNote(writer, burstSentAt.length - 1, 'burst');
  }, 1000 / spec.burstHz);
  const deadline = t0 + spec.timeoutMs;
  const done = () => burstSentAt.length >= spec.burst && joiners.every((c, i) => c.step2At && burstSeen[i]!.size >= spec.burst);
  while (!done() && nowMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(burstTimer);
  loop.disable();
  const verified = joiners.filter((c) => c.step2At && c.appliesRemote);
  const verifiedFull = verified.filter((c) => {
    const notes = c.doc.getMap('notes');
    let burst = 0;
    for (const key of notes.keys()) if (key.startsWith('burst-')) burst++;
    return notes.size >= spec.seedNotes + spec.burst && burst === spec.burst;
  }).length;
  const syncMs = joiners.map((c) => (c.step2At ? c.step2At - c.startedAt : NaN));
  reply({
    type: 'storm-result',
    joiners: joiners.length,
    synced: syncMs.filter(Number.isFinite).length,
    syncMs: Float64Array.from(syncMs.filter(Number.isFinite)),
    verified: verified.length,
    verifiedFull,
    allSyncedMs: syncMs.every(Number.isFinite) ? Math.max(...syncMs) : NaN,
    burstWritten: burstSentAt.length,
    burstExpected: burstSentAt.length * joiners.length,
    burstReceived: burstSeen.reduce((sum, s) => sum + s.size, 0),
    burstLatencies: burstLatencies.take(),
    closed: joiners.filter((c) => c.closed).length,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  });
  rooms = [{ spec: { name: 'storm', writer: spec.writer, readers: [] }, writer, readers: joiners, received: [], written: 0, sentAt: [] }];
}

process.on('message', (msg: { type: string } & Record<string, unknown>) => {
  const reply = (message: unknown) => process.send?.(message);
  const fail = (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  if (msg.type === 'connect') {
    dialect = msg.dialect as Dialect;
    connect(msg.rooms as RoomSpec[], (msg.batch as number) ?? 100).then((r) => reply({ type: 'connected', ...r }), fail);
  } else if (msg.type === 'run') {
    run(msg as unknown as Parameters<typeof run>[0]).then(reply, fail);
  } else if (msg.type === 'storm') {
    storm(msg as unknown as StormSpec, reply).catch(fail);
  } else if (msg.type === 'close') {
    for (const client of all()) client.close();
    rooms = [];
    setTimeout(() => process.exit(0), 100);
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
