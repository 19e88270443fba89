/**
 * For investigations (BENCH_COUNTS=<dir>): counts of the work a Tributary server process does,
 * which unlike timings do not depend on how busy the machine is. Issue 15 holds `tributary`
 * within 10% of `tributary-unvalidated`; these counts tell a difference in work (more appends,
 * compactions, encodes, frames) from noise. Each server process writes
 * `<dir>/<kind>-<pid>.json` with the counts at the start and at the end of the measured window
 * and at exit.
 *
 * Counted by wrapping methods on the prototypes of the sync core and the SQLite storage, so the
 * product code carries nothing of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';

type Counts = Record<string, number>;
const counts: Counts = {};
const add = (key: string, n = 1): void => {
  counts[key] = (counts[key] ?? 0) + n;
};
const phases: Record<string, Counts> = {};

type AnyFn = (...args: any[]) => any;

/** Wraps `proto[name]` so each call adds 1 to `<label>.<name>` (and lets `extra` count more). */
function countCalls(proto: Record<string, unknown>, label: string, names: readonly string[], extra: Record<string, (args: unknown[], result: unknown) => void> = {}): void {
  for (const name of names) {
    const original = proto[name] as AnyFn | undefined;
    if (typeof original !== 'function') throw new Error(`counts: ${label}.${name} is not a method`);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      add(`${label}.${name}`);
      const result = original.apply(this, args);
      extra[name]?.(args, result);
      return result;
    };
  }
}

/**
 * Wraps `proto[name]` so the wall time of its calls adds to `<label>.<name>.us`. Only on a quiet
 * machine: on a loaded one a call preempted midway counts the other processes' turn too (measured
 * at load 17: 200 µs a check, against 6 µs in `npm run bench:check`).
 */
function timeCalls(proto: Record<string, unknown>, label: string, names: readonly string[]): void {
  for (const name of names) {
    const original = proto[name] as AnyFn;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        add(`${label}.${name}.us`, Math.round((performance.now() - t0) * 1000));
      }
    };
  }
}

/** CPU time of this process's main thread (its tid is the pid) and of the whole process, in ms. */
function cpuMs(): { mainThreadCpuMs: number; processCpuMs: number } {
  const ticks = (file: string) => {
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
  };
  return { mainThreadCpuMs: ticks(`/proc/self/task/${process.pid}/stat`), processCpuMs: ticks('/proc/self/stat') };
}

/** Read and write system calls of this process (/proc/self/io): sockets and SQLite alike. */
function syscalls(): Counts {
  const out: Counts = {};
  for (const line of fs.readFileSync('/proc/self/io', 'utf8').split('\n')) {
    const [key, value] = line.split(':');
    if (key === 'syscr' || key === 'syscw') out[`proc.${key}`] = Number(value);
  }
  return out;
}

const bytes = (u: unknown): number => (u instanceof Uint8Array ? u.byteLength : 0);

/** Installs the counters; call before the server starts. */
export async function installCounts(dir: string, kind: string): Promise<{ phase(name: string): void }> {
  const { Room } = await import('../../server/src/sync/room.ts');
  const { Connection } = await import('../../server/src/sync/connection.ts');
  const { SqliteStorage } = await import('../../server/src/storage/sqlite.ts');

  countCalls(Room.prototype as unknown as Record<string, unknown>, 'room', [
    'handleFrame',
    'applyClientUpdate',
    'checkClientUpdate',
    'refuse',
    'waitForSyncAnswer',
    'afterSyncAnswer',
    'answerSyncStep1',
    'syncStep2For',
    'applyClientAwareness',
    'broadcastAwareness',
    'flushPending',
    'relay',
    'scheduleCompaction',
    'compact',
    'load',
    'unload',
    'transactServer',
    'rejectMalformed',
  ], {
    syncStep2For: (_args, result) => add('room.syncStep2For.bytes', bytes(result)),
    applyClientUpdate: (args) => add('room.applyClientUpdate.bytes', bytes(args[2])),
  });
  // Timed outermost: the check alone, and the check with the apply around it.
  timeCalls(Room.prototype as unknown as Record<string, unknown>, 'time', ['checkClientUpdate', 'applyClientUpdate', 'relay']);
  // Every document update event of a room, by origin, and its bytes.
  const wire = (Room.prototype as unknown as Record<string, AnyFn>).wire!;
  (Room.prototype as unknown as Record<string, AnyFn>).wire = function (this: unknown, roomDoc: { doc: Y.Doc; name: string }) {
    roomDoc.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const from = origin instanceof Connection ? 'client' : typeof origin === 'symbol' ? String(origin.description) : typeof origin === 'string' ? origin : String(origin);
      add(`doc.${roomDoc.name}.update.${from}`);
      add(`doc.${roomDoc.name}.update.${from}.bytes`, update.byteLength);
    });
    roomDoc.doc.on('afterTransaction', () => add(`doc.${roomDoc.name}.transactions`));
    return wire.call(this, roomDoc);
  };

  countCalls(Connection.prototype as unknown as Record<string, unknown>, 'connection', ['send', 'close', 'receive'], {
    send: (args) => add('connection.send.bytes', bytes(args[0])),
    receive: (args) => add('connection.receive.bytes', bytes(args[0])),
  });

  countCalls(SqliteStorage.prototype as unknown as Record<string, unknown>, 'sqlite', ['appendUpdates', 'compact', 'loadDoc', 'putHeldNote', 'touchRoom', 'createRoom', 'addToken', 'findToken', 'getRoom'], {
    appendUpdates: (args) => {
      const updates = args[2] as Uint8Array[];
      add(`sqlite.appendUpdates.${String(args[1])}.updates`, updates.length);
      add(`sqlite.appendUpdates.${String(args[1])}.bytes`, updates.reduce((n, u) => n + u.byteLength, 0));
    },
    compact: (args) => {
      add(`sqlite.compact.${String(args[1])}`);
      add(`sqlite.compact.${String(args[1])}.snapshotBytes`, bytes(args[2]));
    },
  });
  // The commits: one per group of appends (SqliteStorage's group commit).
  countCalls(SqliteStorage.prototype as unknown as Record<string, unknown>, 'sqlite', ['scrubWal']);

  const file = path.join(dir, `${kind}-${process.pid}.json`);
  fs.mkdirSync(dir, { recursive: true });
  const phase = (name: string) => {
    // CLOCK_MONOTONIC in µs, the clock of a V8 .cpuprofile's timestamps: cuts a profile to the window.
    phases[name] = { ...counts, ...cpuMs(), ...syscalls(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
    fs.writeFileSync(file, JSON.stringify(phases, null, 1));
    // Marks the phase in the process's output, e.g. between the lines of BENCH_SERVER_FLAGS=--trace-gc-nvp.
    process.stdout.write(`BENCH_COUNTS ${kind} ${process.pid} ${name}\n`);
  };
  process.on('exit', () => phase('exit'));
  return { phase };
}
