/**
 * `npm run bench:storage`: what storing one update costs the server process, and what the
 * alternatives would cost, on this machine's disk. Written for the fan-out p99 question in the
 * README: bench:server's `tributary-unstored` shows how much storing costs end to end; this shows
 * where that cost sits.
 *
 * 1. `appendUpdates` as the server calls it under bench:server's load: one update per
 *    event-loop turn across 50 rooms, each turn its own group commit, with the checkpoint thread
 *    running (process CPU, so the thread's share counts), minus the same loop storing nothing.
 * 2. The same rows inserted straight into doc_updates in transactions of 1, 10, 50 and 200 rows:
 *    how much of a commit is fixed cost that batching would share.
 * 3. One write() of the same bytes to an append-only file: the floor for any log written
 *    before relaying.
 *
 * Writes bench/results/storage-cost-<date>.json and storage-cost-latest.json (--dry: neither).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SqliteStorage } from '../../server/src/storage/sqlite.ts';
import { writeResults } from '../results.ts';
import { round } from './stats.ts';

const ROOMS = 50;
const UPDATES = 20_000;
/** About the size of one note's Yjs update in bench:server. */
const UPDATE = new Uint8Array(120).fill(7);

/** Process CPU (user + system, every thread) per item, in microseconds, while `work` runs. */
async function cpuPerItem(items: number, work: () => Promise<void> | void): Promise<{ cpuUs: number; systemUs: number }> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return { cpuUs: round((used.user + used.system) / items, 1), systemUs: round(used.system / items, 1) };
}

async function withStorage<T>(fn: (storage: SqliteStorage, rooms: string[]) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-storage-cost-'));
  const storage = new SqliteStorage(dir);
  try {
    await storage.backgroundCheckpointsReady();
    const rooms = Array.from({ length: ROOMS }, (_, i) => `bench-room-${String(i).padStart(12, '0')}`);
    for (const [n, id] of rooms.entries()) await storage.createRoom({ id, title: id, template: null, joinCode: `CODE${n}`, createdAt: 0, lastActiveAt: 0 });
    return await fn(storage, rooms);
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function appendPerTurn(): Promise<{ cpuUs: number; systemUs: number; loopOnlyUs: number }> {
  return withStorage(async (storage, rooms) => {
    for (let n = 0; n < 2000; n++) await storage.appendUpdates(rooms[n % ROOMS]!, 'board', [UPDATE]);
    const loopOnly = await cpuPerItem(UPDATES, async () => {
      for (let n = 0; n < UPDATES; n++) await nextTurn();
    });
    const stored = await cpuPerItem(UPDATES, async () => {
      for (let n = 0; n < UPDATES; n++) {
        await storage.appendUpdates(rooms[n % ROOMS]!, 'board', [UPDATE]);
        await nextTurn();
      }
    });
    return { cpuUs: round(stored.cpuUs - loopOnly.cpuUs, 1), systemUs: stored.systemUs, loopOnlyUs: loopOnly.cpuUs };
  });
}

async function batchedInserts(): Promise<Array<{ rowsPerCommit: number; cpuUsPerRow: number }>> {
  return withStorage(async (storage, rooms) => {
    const insert = storage.db.prepare('INSERT INTO doc_updates (room_id, doc, data) VALUES (?, ?, ?)');
    const data = Buffer.from(UPDATE);
    let next = 0;
    const commit = storage.db.transaction((rows: number) => {
      for (let r = 0; r < rows; r++) insert.run(rooms[next++ % ROOMS], 'board', data);
    });
    commit(2000);
    const out: Array<{ rowsPerCommit: number; cpuUsPerRow: number }> = [];
    for (const rows of [1, 10, 50, 200]) {
      const commits = UPDATES / rows;
      const { cpuUs } = await cpuPerItem(UPDATES, () => {
        for (let c = 0; c < commits; c++) commit(rows);
      });
      out.push({ rowsPerCommit: rows, cpuUsPerRow: cpuUs });
    }
    return out;
  });
}

async function fileAppend(): Promise<{ cpuUs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-storage-cost-'));
  const fd = fs.openSync(path.join(dir, 'log'), 'a');
  // Room id, document name and sequence number beside the update, as a log record would carry.
  const record = Buffer.alloc(UPDATE.byteLength + 48, 7);
  try {
    return await cpuPerItem(UPDATES, () => {
      for (let n = 0; n < UPDATES; n++) fs.writeSync(fd, record);
    });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The checkpoint thread does not hold the process open (a server's sockets do); this does, while
// the measurements await it.
setInterval(() => undefined, 60_000);
const appendUpdates = await appendPerTurn();
const batches = await batchedInserts();
const append = await fileAppend();
const result = {
  measuredAt: new Date().toISOString(),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
  updateBytes: UPDATE.byteLength,
  appendUpdatesPerTurn: appendUpdates,
  batchedInserts: batches,
  fileAppend: append,
};
console.log(`appendUpdates, one per turn: ${appendUpdates.cpuUs} us of process CPU per update (${appendUpdates.systemUs} us in the kernel; the turn itself ${appendUpdates.loopOnlyUs} us)`);
for (const b of batches) console.log(`insert, ${String(b.rowsPerCommit).padStart(3)} rows per commit: ${b.cpuUsPerRow} us per row`);
console.log(`write() to an append-only file: ${append.cpuUs} us per record`);
if (!process.argv.includes('--dry')) writeResults('storage-cost', new Date(result.measuredAt), result, { latest: true });
process.exit(0);
