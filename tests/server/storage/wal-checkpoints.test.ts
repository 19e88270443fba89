import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import { WalCheckpointer } from '../../../server/src/storage/walCheckpointer.ts';
import { makeTempDir } from '../../helpers/server.ts';
import { pace, waitFor } from '../../helpers/clients.ts';

/**
 * The routine WAL checkpoints run on a worker thread (walCheckpointer.ts), so no commit on the
 * event loop waits for one; SQLite's own checkpoint stays as a backstop and takes over if the
 * thread fails. What the tests look at: the database file only ever receives pages from a
 * checkpoint, so its growth shows that one ran; the backstop (4,000 pages) and SQLite's default
 * (1,000) are far above what these tests write.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(options: ConstructorParameters<typeof SqliteStorage>[1] = {}): { storage: SqliteStorage; dataDir: string; file: string } {
  const dataDir = makeTempDir();
  const storage = new SqliteStorage(dataDir, options);
  cleanups.push(async () => {
    await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { storage, dataDir, file: path.join(dataDir, 'tributary.sqlite') };
}

async function createRoom(storage: SqliteStorage, id: string): Promise<void> {
  await storage.createRoom({ id, title: id, template: null, joinCode: id.toUpperCase(), createdAt: 0, lastActiveAt: 0 });
}

/** Appends `count` updates of `bytes` each, a commit at a time with a timer turn between, as a live server does. */
async function appendPaced(storage: SqliteStorage, roomId: string, count: number, bytes: number): Promise<Uint8Array[]> {
  const written: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const update = new Uint8Array(bytes).fill(i % 251);
    written.push(update);
    await storage.appendUpdates(roomId, 'board', [update]);
    if (i % 10 === 0) await pace(1);
  }
  return written;
}

describe('WAL checkpoints off the event loop', () => {
  test('a thread copies the log into the database file while the server keeps writing', async () => {
    const { storage, file } = open();
    expect(await storage.backgroundCheckpointsReady()).toBe(true);
    // SQLite checkpoints inline only as a backstop.
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    await createRoom(storage, 'room-a');
    const sizeBefore = fs.statSync(file).size;
    // About 150 pages: well under both marks, so only the thread can have copied them.
    await appendPaced(storage, 'room-a', 150, 3000);
    await waitFor(() => fs.statSync(file).size >= sizeBefore + 150 * 3000, 5000, 'the thread copying the log into the file');
  });

  test('without the thread, SQLite keeps its default and nothing reaches the file below 1,000 pages', async () => {
    const { storage, file } = open({ backgroundCheckpoints: false });
    expect(await storage.backgroundCheckpointsReady()).toBe(false);
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await createRoom(storage, 'room-a');
    const sizeBefore = fs.statSync(file).size;
    await appendPaced(storage, 'room-a', 150, 3000);
    // No thread (asserted above), so only a commit can checkpoint, inline: once the last one has
    // returned, the file's size is settled and there is nothing to wait for.
    expect(fs.statSync(file).size).toBe(sizeBefore);
  });

  test('every update survives writes racing the checkpoints, and a reopened database reads them in order', async () => {
    const { storage, dataDir } = open();
    expect(await storage.backgroundCheckpointsReady()).toBe(true);
    await createRoom(storage, 'room-a');
    await createRoom(storage, 'room-b');
    const [a, b] = await Promise.all([appendPaced(storage, 'room-a', 400, 900), appendPaced(storage, 'room-b', 400, 1700)]);
    await storage.close();
    const reopened = new SqliteStorage(dataDir);
    cleanups.push(() => reopened.close());
    const storedA = await reopened.loadDoc('room-a', 'board');
    const storedB = await reopened.loadDoc('room-b', 'board');
    expect(storedA.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(a.map((u) => Buffer.from(u).toString('hex')));
    expect(storedB.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(b.map((u) => Buffer.from(u).toString('hex')));
  });

  test('closing stops the thread and folds the whole log into the file', async () => {
    const { storage, file } = open();
    expect(await storage.backgroundCheckpointsReady()).toBe(true);
    await createRoom(storage, 'room-a');
    await appendPaced(storage, 'room-a', 100, 2000);
    await storage.close();
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
  });

  test('when the thread dies, SQLite takes the checkpoints back and the server is told', async () => {
    const warnings: string[] = [];
    const { storage } = open({ onWarning: (message) => warnings.push(message) });
    expect(await storage.backgroundCheckpointsReady()).toBe(true);
    // What a crash of the thread looks like from outside: it ends without being asked to.
    const thread = (storage as unknown as { checkpointer: { worker: { terminate(): Promise<number> } } }).checkpointer.worker;
    await thread.terminate();
    await waitFor(() => warnings.length > 0, 2000, 'a warning');
    expect(warnings[0]).toMatch(/checkpoints are back on the main thread: checkpoint thread exited/);
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(await storage.backgroundCheckpointsReady()).toBe(false);
    // And it still stores.
    await createRoom(storage, 'room-a');
    expect(await storage.appendUpdates('room-a', 'board', [new Uint8Array([1, 2, 3])])).toBeGreaterThan(0);
  });

  test('a thread that cannot open the database reports it and never claims to be ready', async () => {
    const failures: string[] = [];
    const checkpointer = new WalCheckpointer(path.join(makeTempDir(), 'missing.sqlite'), { onFailure: (reason) => failures.push(reason) });
    await expect(checkpointer.ready).rejects.toThrow();
    await waitFor(() => failures.length > 0, 2000, 'a failure reported');
    expect(failures[0]).toMatch(/checkpoint thread (crashed|exited)/);
    await checkpointer.stop();
  });
});
