import { describe, expect, test } from 'vitest';
import { hashToken } from '../../../server/src/auth/tokens.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';

/**
 * A phone's outbox resends a note whose answer it never got, with the same Idempotency-Key. The
 * answer is kept in storage: a resend after a restart gets the same note, not a second one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
// A fresh server and database for each test; the retention sweep runs only when a test asks.
const server = useServer({ per: 'test', config: { retentionSweepMs: 0 } });

const post = (server: ServerFixture, roomId: string, token: string, text: string, key?: string, extra: Record<string, unknown> = {}) =>
  server.request('POST', `/api/rooms/${roomId}/notes`, { token, body: { text, ...extra }, headers: key === undefined ? {} : { 'idempotency-key': key } });

/** The texts of the notes on the board, as a fresh stock client sees them once synced. */
async function boardTexts(server: ServerFixture, roomId: string, token: string): Promise<string[]> {
  const client = server.doc(roomId, 'board', token);
  await client.synced;
  return Object.values(client.doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text);
}

async function joinAs(server: ServerFixture, joinCode: string, name: string): Promise<string> {
  const joined = await server.request('POST', '/api/join', { body: { joinCode, name } });
  expect(joined.status).toBe(200);
  return joined.body.participantToken;
}

describe('Idempotency-Key on SQLite', () => {
  test('a resend after a restart gets the same note back; the board has it once', async () => {
    const room = await server.room('Restart');
    const ana = await joinAs(server, room.joinCode, 'Ana');
    const first = await post(server, room.roomId, ana, 'Said once', 'outbox-7');
    expect(first.status).toBe(201);

    await server.restart();
    const again = await post(server, room.roomId, ana, 'Said once', 'outbox-7');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await boardTexts(server, room.roomId, room.facilitatorToken)).filter((t) => t === 'Said once')).toHaveLength(1);

    // Another person's identical key is theirs alone, and a new key is a new note.
    const ben = await joinAs(server, room.joinCode, 'Ben');
    expect((await post(server, room.roomId, ben, 'Said once', 'outbox-7')).body.noteId).not.toBe(first.body.noteId);
    expect((await post(server, room.roomId, ana, 'Said twice', 'outbox-8')).body.noteId).not.toBe(first.body.noteId);
  });

  test('a database reader cannot tie a kept answer to a person or to a note, not even for an anonymous note', async () => {
    const room = await server.room('Reader');
    const ana = await joinAs(server, room.joinCode, 'Ana');
    const posted = await post(server, room.roomId, ana, 'Nobody knows', 'outbox-1', { anonymous: true });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ noteId: expect.any(String), editKey: expect.any(String) });

    // A second handle on the file: what anyone with a copy of the database reads.
    const reader = new SqliteStorage(server.dataDir, { backgroundCheckpoints: false });
    const db = reader.db;
    try {
      const rows = db.prepare('SELECT * FROM idempotent_replies').all() as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      const tokens = db.prepare('SELECT hash, participant_id FROM tokens').all() as Array<{ hash: string; participant_id: string | null }>;
      const secrets = [
        posted.body.noteId,
        posted.body.editKey,
        hashToken(posted.body.editKey),
        ana,
        'outbox-1',
        ...tokens.flatMap((t) => [t.hash, t.participant_id ?? 'none']),
      ];
      for (const secret of secrets) expect(stored, `the kept answer shows ${secret}`).not.toContain(secret);
      // The expiry says the hour, not the moment of posting.
      expect(Number(rows[0]!.expires_at) % (60 * 60 * 1000)).toBe(0);
    } finally {
      await reader.close();
    }
  });

  test('a kept answer lasts a day: after the retention sweep, the same key posts a new note', async () => {
    const room = await server.room('Expiry');
    const ana = await joinAs(server, room.joinCode, 'Ana');
    const first = await post(server, room.roomId, ana, 'Today', 'outbox-1');
    await server.app.retention.sweep(Date.now() + DAY_MS - 60_000);
    expect((await post(server, room.roomId, ana, 'Today', 'outbox-1')).body).toEqual(first.body);
    await server.app.retention.sweep(Date.now() + DAY_MS + 2 * 60 * 60 * 1000);
    expect((await post(server, room.roomId, ana, 'Today', 'outbox-1')).body.noteId).not.toBe(first.body.noteId);
  });

  test('a refused post is not remembered, and a malformed key is refused with a reason, posting nothing', async () => {
    const room = await server.room('Refused');
    const ana = await joinAs(server, room.joinCode, 'Ana');
    const tooLong = await post(server, room.roomId, ana, 'Long key', 'k'.repeat(129));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'TRIB_BAD_IDEMPOTENCY_KEY', message: expect.stringMatching(/Idempotency-Key/) });
    const empty = await post(server, room.roomId, ana, 'Empty key', '');
    expect(empty.status).toBe(400);

    // Refused while the board is locked: the key stays free for when it opens again.
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'board.lock' })).status).toBe(200);
    const paused = await post(server, room.roomId, ana, 'Later', 'outbox-1');
    expect(paused.status).toBe(403);
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'board.unlock' })).status).toBe(200);
    const ok = await post(server, room.roomId, ana, 'Later', 'outbox-1');
    expect(ok.status).toBe(201);
    expect((await post(server, room.roomId, ana, 'Later', 'outbox-1')).body).toEqual(ok.body);
    expect(await boardTexts(server, room.roomId, room.facilitatorToken)).toEqual(['Later']);
  });
});
