import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../../server/src/index.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { makeTempDir, mustCreateRoom, mustJoin, toWsUrl } from '../../helpers/server.ts';

/**
 * The sync core's own duties, seen from outside: compacting the update log, unloading empty
 * rooms and loading them back intact, and holding updates back (not losing them) while storage
 * fails.
 */

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const server = await startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', serveClient: false, ...options });
  open.push(server);
  return server;
}

function client(server: RunningServer, roomId: string, token: string, doc = 'board'): DocClient {
  const c = connectDoc(toWsUrl(server.url), roomId, doc, token);
  open.push({ close: () => c.destroy() });
  return c;
}

/** Reads the server's database file directly, through a second connection (WAL allows it). */
function countRows(dataDir: string, sql: string, ...params: unknown[]): number {
  const storage = new SqliteStorage(dataDir);
  try {
    return (storage.db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    storage.db.close();
  }
}

async function metric(server: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

describe('sync core lifecycle', () => {
  test('the update log is compacted into a snapshot and the document survives a restart', async () => {
    const dataDir = makeTempDir();
    open.push({ close: () => fs.rmSync(dataDir, { recursive: true, force: true }) });
    let server = await start({ dataDir, compactAfterUpdates: 50 });
    const room = await mustCreateRoom(server.url);
    const writer = client(server, room.roomId, room.facilitatorToken);
    await writer.synced;
    const map = writer.doc.getMap('items');
    for (let i = 0; i < 300; i++) map.set(`k${i}`, i);
    await waitFor(() => countRows(dataDir, 'SELECT count(*) AS n FROM doc_snapshots WHERE room_id = ? AND doc = ?', room.roomId, 'board') === 1, 5000, 'a board snapshot');
    // Compaction runs after bursts; the log must stay far below the 300 updates written.
    await waitFor(() => countRows(dataDir, 'SELECT count(*) AS n FROM doc_updates WHERE room_id = ? AND doc = ?', room.roomId, 'board') < 100, 5000, 'a short log');
    writer.destroy();
    await server.close();

    server = await start({ dataDir });
    const reader = client(server, room.roomId, room.facilitatorToken);
    await reader.synced;
    const items = reader.doc.getMap('items');
    expect(items.size).toBe(300);
    expect(items.get('k299')).toBe(299);
  });

  test('an empty room is unloaded from memory and loads back intact', async () => {
    const server = await start({ unloadAfterMs: 50 });
    const room = await mustCreateRoom(server.url);
    const token = await mustJoin(server.url, room.joinCode);
    const first = client(server, room.roomId, token);
    await first.synced;
    first.doc.getMap('items').set('kept', 'yes');
    await waitFor(async () => (await metric(server, 'tributary_rooms_loaded')) === 1, 2000, 'room loaded');
    // Let the write be stored and relayed, then leave.
    const watcher = client(server, room.roomId, room.facilitatorToken);
    await waitFor(() => watcher.doc.getMap('items').get('kept') === 'yes', 2000, 'watcher sees the write');
    first.destroy();
    watcher.destroy();
    await waitFor(async () => (await metric(server, 'tributary_rooms_loaded')) === 0, 3000, 'room unloaded');

    const again = client(server, room.roomId, token);
    await again.synced;
    expect(again.doc.getMap('items').get('kept')).toBe('yes');
  });

  test('while storage fails, updates are held back (not relayed, not lost) and go out once it recovers', async () => {
    const dataDir = makeTempDir();
    open.push({ close: () => fs.rmSync(dataDir, { recursive: true, force: true }) });
    const real = new SqliteStorage(dataDir);
    let failing = false;
    let failures = 0;
    const flaky: Storage = Object.assign(Object.create(real) as Storage, {
      appendUpdates: async (...args: Parameters<Storage['appendUpdates']>) => {
        if (failing) {
          failures++;
          throw new Error('disk unavailable (simulated)');
        }
        return real.appendUpdates(...args);
      },
    });
    const server = await start({ dataDir, storage: flaky });
    const room = await mustCreateRoom(server.url);
    const a = client(server, room.roomId, room.facilitatorToken);
    const b = client(server, room.roomId, room.facilitatorToken);
    await Promise.all([a.synced, b.synced]);

    failing = true;
    a.doc.getMap('items').set('during-outage', 1);
    await waitFor(() => failures >= 2, 3000, 'the server retrying the failed save');
    expect(b.doc.getMap('items').get('during-outage')).toBeUndefined();

    failing = false;
    await waitFor(() => b.doc.getMap('items').get('during-outage') === 1, 5000, 'the update relayed after recovery');
    expect(countRows(dataDir, 'SELECT count(*) AS n FROM doc_updates WHERE room_id = ?', room.roomId)).toBeGreaterThan(0);
  });
});
