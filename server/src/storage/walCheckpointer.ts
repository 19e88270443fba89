import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's routine write-ahead-log checkpoints on a worker thread, over a connection of its
 * own, so the event loop never waits for them.
 *
 * Left to SQLite (wal_autocheckpoint), the commit that takes the log past 1,000 pages copies
 * them into the database file and syncs it before it returns. better-sqlite3 is synchronous, so
 * that commit stalls every room for 12-18 ms (measured: 50 rooms appending at 10 Hz hit one
 * every second or two, and it was the tail of fan-out latency). A PASSIVE checkpoint never
 * blocks writers or readers, so the thread can run it while the main connection keeps
 * committing; once it has caught up, the next commit starts the log again from the top, which
 * keeps the file small.
 *
 * The worker is plain JavaScript evaluated from a string: neither tsx's loader (registered in
 * `npm start`) nor vitest's transform reaches a worker thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    // Returns [{ busy, log, checkpointed }]; busy only while another checkpoint runs (a scrub).
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    clearInterval(timer);
    parentPort.postMessage({ type: 'failed', message: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * How often the thread checkpoints. A page rewritten many times between two checkpoints (the
 * end of the update log, its index) is copied once, so fewer checkpoints copy less: at the
 * benchmark's 500 updates a second, a second's log is about 900 pages, well under the backstop.
 */
export const CHECKPOINT_INTERVAL_MS = 1000;

export interface WalCheckpointerEvents {
  /** The thread is gone or cannot checkpoint: the caller should let SQLite checkpoint inline again. */
  onFailure(reason: string): void;
}

export class WalCheckpointer {
  /** Resolves once the thread's connection is open (rejects if it could not start). */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private stopping = false;
  private failed = false;

  /** Starts the thread on an existing WAL-mode database file. */
  constructor(
    file: string,
    private readonly events: WalCheckpointerEvents,
    intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
    let markReady!: () => void;
    let markFailed!: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'failed') this.fail(`checkpoint failed: ${message.message}`);
    });
    this.worker.on('error', (error) => {
      markFailed(error);
      this.fail(`checkpoint thread crashed: ${error.message}`);
    });
    this.worker.on('exit', (code) => {
      markFailed(new Error(`checkpoint thread exited (code ${code})`));
      if (!this.stopping) this.fail(`checkpoint thread exited (code ${code})`);
    });
    // A stopping server closes its storage, which stops the thread; it never holds the process
    // open. After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
  }

  private fail(reason: string): void {
    if (this.failed || this.stopping) return;
    this.failed = true;
    this.events.onFailure(reason);
    void this.worker.terminate();
  }

  /** Closes the thread's connection and waits for the thread to end. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    await exited;
  }
}
