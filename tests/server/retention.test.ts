import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../server/src/storage/sqlite.ts';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';

/**
 * Data retention (ROOM_TTL_DAYS): a room idle past its time is deleted with everything it
 * holds, and so is a room its facilitator deletes; not one row of either is left in any table.
 */
/** Tables that hold no room's data, so have no rows of a room to count. */
const NOT_ROOM_DATA = new Set(['method_libraries', 'library_methods']);

describe('data retention', () => {
  const server = useServer({ config: { roomTtlDays: 30, retentionSweepMs: 0 } });

  /** Rows that belong to a room, in every table of the database. */
  function rowsOf(roomId: string): Record<string, number> {
    const storage = new SqliteStorage(server.dataDir);
    try {
      const tables = storage.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").all() as Array<{ name: string }>;
      const counts: Record<string, number> = {};
      for (const { name } of tables) {
        // Facilitators' own methods are not room data: nothing in them names a room (migration 009).
        if (NOT_ROOM_DATA.has(name)) continue;
        const column = name === 'rooms' ? 'id' : 'room_id';
        counts[name] = (storage.db.prepare(`SELECT count(*) AS n FROM ${name} WHERE ${column} = ?`).get(roomId) as { n: number }).n;
      }
      return counts;
    } finally {
      storage.db.close();
    }
  }

  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  /** A room with something in every kind of table: board updates, held notes, keys, ballots, tokens. */
  async function busyRoom(title: string) {
    const room = await server.room(title);
    const joined = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Sam' } });
    const token = joined.body.participantToken;
    const visible = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text: 'On the board' }, headers: { 'idempotency-key': 'outbox-1' } });
    await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text: 'Waiting', anonymous: true } });
    await server.command(room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 2 });
    expect((await server.request('POST', `/api/rooms/${room.roomId}/votes`, { token, body: { noteId: visible.body.noteId, delta: 1 } })).status).toBe(200);
    await server.command(room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: visible.body.noteId });
    const published = await server.request('POST', `/api/rooms/${room.roomId}/results`, { token: room.facilitatorToken });
    expect(published.status).toBe(201);
    return { room, token, resultsToken: published.body.resultsToken as string };
  }

  test('a room idle past ROOM_TTL_DAYS is deleted with every row it had; a fresh or busy room stays', async () => {
    const old = await busyRoom('Old session');
    const fresh = await busyRoom('Fresh session');
    const inUse = await busyRoom('Old but in use');
    const held = Object.entries(rowsOf(old.room.roomId)).filter(([, n]) => n > 0).map(([t]) => t).sort();
    // Something in every kind of table, so "no row left" below means something.
    expect(held).toEqual(expect.arrayContaining(['ballots', 'held_notes', 'idempotent_replies', 'note_keys', 'published_results', 'rooms', 'tokens']));
    expect(held.some((t) => t === 'doc_updates' || t === 'doc_snapshots')).toBe(true);

    const connected = server.doc(inUse.room.roomId, 'board', inUse.token);
    await connected.synced;
    const storage = new SqliteStorage(server.dataDir);
      const longAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
      storage.db.prepare('UPDATE rooms SET last_active_at = ? WHERE id IN (?, ?)').run(longAgo, old.room.roomId, inUse.room.roomId);
      storage.db.close();

      const deleted = await server.app.retention.sweep();
      expect(deleted).toEqual([old.room.roomId]);
      expect(rowsOf(old.room.roomId), 'rows left behind').toEqual(Object.fromEntries(Object.keys(rowsOf(old.room.roomId)).map((t) => [t, 0])));
      expect(total(rowsOf(fresh.room.roomId))).toBeGreaterThan(0);
      expect(total(rowsOf(inUse.room.roomId))).toBeGreaterThan(0);
    expect((await server.request('POST', '/api/join', { body: { joinCode: old.room.joinCode } })).status).toBe(404);
    // Its published "what we said" page died with it; the others' pages live on.
    expect((await server.request('GET', `/api/results/${old.resultsToken}`)).status).toBe(404);
    expect((await server.request('GET', `/api/results/${fresh.resultsToken}`)).status).toBe(200);
  });

  test('DELETE leaves no row of the room in any table', async () => {
    const { room } = await busyRoom('To be deleted');
    await waitFor(() => total(rowsOf(room.roomId)) > 0, 2000, 'rows stored');
    const res = await server.request('DELETE', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken });
    expect(res.status).toBe(204);
    const left = rowsOf(room.roomId);
    expect(total(left), JSON.stringify(left)).toBe(0);
  });
});
