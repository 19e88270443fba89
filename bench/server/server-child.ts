/**
 * One server under test, alone in its own process so its RSS is its own
 * (`node --import tsx --expose-gc bench/server/server-child.ts <kind>`).
 *
 * - `tributary`: the real server through `startServer` with the configuration `npm start`
 *   reads from the environment (SQLite in a temp DATA_DIR, SERVE_CLIENT=0, LOG_LEVEL=warn;
 *   the harness raises the HTTP rate limits so it can create rooms and join quickly).
 * - `y-websocket`: @y/websocket-server's `setupWSConnection` on a plain `ws` server, in memory,
 *   as its bin (`src/server.js`) does.
 * - `hocuspocus`: `new Server({ port: 0, quiet: true })`, in memory, no extensions.
 * - `y-websocket-leveldb`: `y-websocket` with the LevelDB persistence its bin turns on with
 *   `YPERSISTENCE` (y-leveldb), in a fresh temp dir: every update is appended to LevelDB as it
 *   is applied, after it has been relayed, without waiting for the write.
 * - `hocuspocus-sqlite`: `hocuspocus` with @hocuspocus/extension-sqlite on a database file in a
 *   fresh temp dir: the whole document is written 2 s after its last change, or 10 s after its
 *   first unsaved one (Hocuspocus's default debounce and maxDebounce), and when its last client leaves.
 * - `tributary-unstored` (diagnostic, only when named): `tributary` whose storage acknowledges
 *   document updates without writing them; everything else is stored as usual. Not a mode of the
 *   product: it measures what storing before relaying costs.
 * - `tributary-unvalidated` (diagnostic, run by default, never a peer): `tributary` started with
 *   `validateBoardWrites: false`, so board updates skip the record layer's checks. Not a mode of
 *   the product (no environment variable reaches it): it measures what checking every write costs.
 *
 * IPC: sends `{ type: 'ready', port, storageDir }` (where the server stores, null for the
 * in-memory peers); answers `{ type: 'gc' }` with `{ type: 'gc-done', memory }` after two forced collections; `loop-start` / `loop-stop` bracket the measured window and
 * report the event-loop delay and garbage-collection pauses in it; writes a heap snapshot on `{ type: 'snapshot', file }`;
 * exits on `{ type: 'stop' }`.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, constants as perfConstants, monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import v8 from 'node:v8';

const kind = process.argv[2];
/** hocuspocus-sqlite's database file, inside its temp dir. */
const HOCUSPOCUS_DATABASE = 'hocuspocus.sqlite';
let stop: () => Promise<void> = async () => undefined;
let port = 0;
let storageDir: string | null = null;
/** BENCH_COUNTS=<dir>: counts of the work a Tributary process does (counts.ts). */
let countPhase: (name: string) => void = () => undefined;

if (kind === 'tributary' || kind === 'tributary-unstored' || kind === 'tributary-unvalidated') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-'));
  storageDir = dataDir;
  process.env.DATA_DIR = dataDir;
  process.env.PORT = '0';
  process.env.HOST = '127.0.0.1';
  process.env.SERVE_CLIENT = '0';
  process.env.LOG_LEVEL ??= 'warn';
  process.env.RATE_LIMIT_CREATE_ROOM ??= '1000000';
  process.env.RATE_LIMIT_JOIN ??= '1000000';
  if (process.env.BENCH_COUNTS) countPhase = (await (await import('./counts.ts')).installCounts(process.env.BENCH_COUNTS, kind)).phase;
  const { configFromEnv, startServer } = await import('../../server/src/index.ts');
  const config = configFromEnv();
  const server = await startServer(
    kind === 'tributary-unstored'
      ? { ...config, storage: await unstoredUpdates(dataDir) }
      : kind === 'tributary-unvalidated'
        ? { ...config, validateBoardWrites: false }
        : config,
  );
  port = server.port;
  stop = async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
} else if (kind === 'y-websocket' || kind === 'y-websocket-leveldb') {
  // @y/websocket-server reads YPERSISTENCE once, when its module loads.
  const persistenceDir = kind === 'y-websocket-leveldb' ? fs.mkdtempSync(path.join(os.tmpdir(), 'y-websocket-bench-')) : null;
  if (persistenceDir) process.env.YPERSISTENCE = persistenceDir;
  storageDir = persistenceDir;
  const { WebSocketServer } = await import('ws');
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  stop = async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    if (persistenceDir) fs.rmSync(persistenceDir, { recursive: true, force: true });
  };
} else if (kind === 'hocuspocus' || kind === 'hocuspocus-sqlite') {
  const { Server } = await import('@hocuspocus/server');
  const databaseDir = kind === 'hocuspocus-sqlite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'hocuspocus-bench-')) : null;
  const extensions = databaseDir ? [await sqliteExtension(path.join(databaseDir, HOCUSPOCUS_DATABASE))] : [];
  storageDir = databaseDir;
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false, extensions });
  await server.listen();
  port = server.address.port;
  stop = async () => {
    await server.destroy();
    if (databaseDir) fs.rmSync(databaseDir, { recursive: true, force: true });
  };
} else {
  console.error(`unknown server kind "${kind}"`);
  process.exit(2);
}

const gc = (globalThis as { gc?: () => void }).gc;
let loopDelay: IntervalHistogram | null = null;

/** Garbage-collection pauses over the measured window: the usual cause of a stalled loop. */
const gcPauses = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    gcPauses.count++;
    gcPauses.totalMs += entry.duration;
    gcPauses.maxMs = Math.max(gcPauses.maxMs, entry.duration);
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
      gcPauses.majorCount++;
      gcPauses.majorMaxMs = Math.max(gcPauses.majorMaxMs, entry.duration);
    }
  }
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'gc') {
    gc?.();
    gc?.();
    // Let finalizers and freed sockets settle before the second pass.
    setTimeout(() => {
      gc?.();
      process.send?.({ type: 'gc-done', memory: process.memoryUsage() });
    }, 200);
  } else if (message.type === 'snapshot') {
    // For investigations: where a server's per-connection memory goes.
    gc?.();
    const file = v8.writeHeapSnapshot((message as { type: string; file?: string }).file);
    process.send?.({ type: 'snapshot-done', file });
  } else if (message.type === 'loop-start') {
    // The server's own event-loop delay over the measured window: a stalled loop delays every
    // delivery queued behind it, so this tells a server's own stalls from the machine's noise.
    loopDelay?.disable();
    loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    countPhase('window-start');
    Object.assign(gcPauses, { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0 });
    gcObserver.observe({ entryTypes: ['gc'] });
    process.send?.({ type: 'loop-started' });
  } else if (message.type === 'loop-stop') {
    loopDelay?.disable();
    countPhase('window-end');
    gcObserver.disconnect();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const r2 = (v: number) => Math.round(v * 100) / 100;
    process.send?.({
      type: 'loop-stopped',
      p99Ms: loopDelay ? ms(loopDelay.percentile(99)) : null,
      maxMs: loopDelay ? ms(loopDelay.max) : null,
      gc: { count: gcPauses.count, totalMs: r2(gcPauses.totalMs), maxMs: r2(gcPauses.maxMs), majorCount: gcPauses.majorCount, majorMaxMs: r2(gcPauses.majorMaxMs) },
    });
    loopDelay = null;
  } else if (message.type === 'stop') {
    countPhase('stop');
    const watchdog = setTimeout(() => process.exit(0), 5000);
    watchdog.unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port, storageDir });

/** SQLite for rooms and tokens, with document updates acknowledged and dropped (diagnostic). */
async function unstoredUpdates(dataDir: string) {
  const { SqliteStorage } = await import('../../server/src/storage/sqlite.ts');
  class UnstoredUpdates extends SqliteStorage {
    private seq = 0;
    override async appendUpdates(): Promise<number> {
      return ++this.seq;
    }
  }
  return new UnstoredUpdates(dataDir);
}

/** @hocuspocus/extension-sqlite as its README sets it up, on a file instead of `:memory:`. */
async function sqliteExtension(database: string) {
  const { SQLite } = await import('@hocuspocus/extension-sqlite');
  return new SQLite({ database });
}
