import { describe, expect, test } from 'vitest';
import { SqliteStorage } from '../../server/src/storage/sqlite.ts';
import { useServer } from '../helpers/fixture.ts';

// What keeps a room from expiring (ROOM_TTL_DAYS): use, meaning something stored or someone
// connected. Reading it without a token (the public "what we said" page) is not use: otherwise
// anyone holding that link would keep the room, with its names and hidden notes, alive for ever.

const LONG_AGO = Date.now() - 20 * 24 * 60 * 60 * 1000;

describe('room activity', () => {
  const server = useServer();

  function lastActiveAt(roomId: string): number {
    const storage = new SqliteStorage(server.dataDir);
    try {
      return (storage.db.prepare('SELECT last_active_at AS at FROM rooms WHERE id = ?').get(roomId) as { at: number }).at;
    } finally {
      storage.db.close();
    }
  }

  function setLastActiveAt(roomId: string, at: number): void {
    const storage = new SqliteStorage(server.dataDir);
    try {
      storage.db.prepare('UPDATE rooms SET last_active_at = ? WHERE id = ?').run(at, roomId);
    } finally {
      storage.db.close();
    }
  }

  /** A room published, then forgotten by the server, and dated 20 days ago. */
  async function quietPublishedRoom(title: string) {
    const room = await server.room(title);
    const published = await server.request('POST', `/api/rooms/${room.roomId}/results`, { token: room.facilitatorToken });
    expect(published.status, published.text).toBe(201);
    await server.app.sync.dropRoom(room.roomId, 1000, 'test');
    setLastActiveAt(room.roomId, LONG_AGO);
    return { room, resultsToken: published.body.resultsToken as string };
  }

  test('reading the public results page does not keep the room alive', async () => {
    const { room, resultsToken } = await quietPublishedRoom('Read from outside');
    expect((await server.request('GET', `/api/results/${encodeURIComponent(resultsToken)}`)).status).toBe(200);
    // The server loaded the room to build the page; forgetting it stores what it holds.
    await server.app.sync.dropRoom(room.roomId, 1000, 'test');
    expect(lastActiveAt(room.roomId)).toBe(LONG_AGO);
  });

  test('someone connecting, or a note stored, does', async () => {
    const { room } = await quietPublishedRoom('Used again');
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    await server.app.sync.dropRoom(room.roomId, 1000, 'test');
    expect(lastActiveAt(room.roomId)).toBeGreaterThan(LONG_AGO);

    setLastActiveAt(room.roomId, LONG_AGO);
    const note = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'Still here' } });
    expect(note.status, note.text).toBe(201);
    await server.app.sync.dropRoom(room.roomId, 1000, 'test');
    expect(lastActiveAt(room.roomId)).toBeGreaterThan(LONG_AGO);
  });
});
