import type * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';
import { FACILITATOR_WRITER, mustJoinAs, noteText, writeNote } from '../../helpers/board.ts';

/**
 * The sync core's own duties, seen from outside: compacting the update log, unloading empty
 * rooms and loading them back intact, and holding updates back (not losing them) while storage
 * fails.
 */

function client(server: ServerFixture, roomId: string, token: string, doc = 'board'): DocClient {
  return server.doc(roomId, doc, token);
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

async function metric(server: ServerFixture, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

// Each test runs its own server, with the settings it is about.
describe('sync core lifecycle', () => {
  describe('compaction', () => {
    const server = useServer({ config: { compactAfterUpdates: 50 } });
    test('the update log is compacted into a snapshot and the document survives a restart', async () => {
      const dataDir = server.dataDir;
      const room = await server.room();
      const writer = client(server, room.roomId, room.facilitatorToken);
      await writer.synced;
      for (let i = 0; i < 300; i++) writeNote(writer.doc, FACILITATOR_WRITER, { text: `k${i}` }, `note_k${i}`);
      await waitFor(() => countRows(dataDir, 'SELECT count(*) AS n FROM doc_snapshots WHERE room_id = ? AND doc = ?', room.roomId, 'board') === 1, 5000, 'a board snapshot');
      // Compaction runs after bursts; the log must stay far below the 300 updates written.
      await waitFor(() => countRows(dataDir, 'SELECT count(*) AS n FROM doc_updates WHERE room_id = ? AND doc = ?', room.roomId, 'board') < 100, 5000, 'a short log');
      writer.destroy();
      await server.restart({ config: {} });
      const reader = client(server, room.roomId, room.facilitatorToken);
      await reader.synced;
      expect(reader.doc.getMap('notes').size).toBe(300);
      expect(noteText(reader.doc, 'note_k299')).toBe('k299');
      expect(reader.doc.getMap('notes').toJSON()).toEqual(writer.doc.getMap('notes').toJSON());
    });
  });

  describe('unloading', () => {
    const server = useServer({ config: { unloadAfterMs: 50 } });
    test('an empty room is unloaded from memory and loads back intact', async () => {
      const room = await server.room();
      const person = await mustJoinAs(server.url, room.joinCode);
      const token = person.token;
      const first = client(server, room.roomId, token);
      await first.synced;
      const kept = writeNote(first.doc, person, { text: 'kept' });
      await waitFor(async () => (await metric(server, 'tributary_rooms_loaded')) === 1, 2000, 'room loaded');
      // Let the write be stored and relayed, then leave.
      const watcher = client(server, room.roomId, room.facilitatorToken);
      await waitFor(() => noteText(watcher.doc, kept) === 'kept', 2000, 'watcher sees the write');
      first.destroy();
      watcher.destroy();
      await waitFor(async () => (await metric(server, 'tributary_rooms_loaded')) === 0, 3000, 'room unloaded');

      const again = client(server, room.roomId, token);
      await again.synced;
      expect(noteText(again.doc, kept)).toBe('kept');
      expect(again.doc.getMap<Y.Map<unknown>>('notes').get(kept)?.get('authorId')).toBe(person.participantId);
    });
  });

  describe('a storage outage', () => {
    let failing = false;
    let failures = 0;
    const server = useServer({
      config: (dataDir) => {
        const real = new SqliteStorage(dataDir);
        const flaky: Storage = Object.assign(Object.create(real) as Storage, {
          appendUpdates: async (...args: Parameters<Storage['appendUpdates']>) => {
            if (failing) {
              failures++;
              throw new Error('disk unavailable (simulated)');
            }
            return real.appendUpdates(...args);
          },
        });
        return { storage: flaky };
      },
    });
    test('while storage fails, updates are held back (not relayed, not lost) and go out once it recovers', async () => {
      const dataDir = server.dataDir;
      const room = await server.room();
      const a = client(server, room.roomId, room.facilitatorToken);
      const b = client(server, room.roomId, room.facilitatorToken);
      await Promise.all([a.synced, b.synced]);

      failing = true;
      const held = writeNote(a.doc, FACILITATOR_WRITER, { text: 'during outage' });
      await waitFor(() => failures >= 2, 3000, 'the server retrying the failed save');
      expect(noteText(b.doc, held)).toBeUndefined();

      failing = false;
      await waitFor(() => noteText(b.doc, held) === 'during outage', 5000, 'the update relayed after recovery');
      expect(countRows(dataDir, 'SELECT count(*) AS n FROM doc_updates WHERE room_id = ?', room.roomId)).toBeGreaterThan(0);
    });
  });
});
