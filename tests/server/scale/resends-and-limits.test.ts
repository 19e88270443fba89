import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../server/src/index.ts';
import { mustCreateRoom, mustJoin, request } from '../../helpers/server.ts';
import { freshRedisPrefix, freshSchema, startReplica, type PgSchema, type RedisPrefix } from './backends.ts';

/**
 * Two servers on one PostgreSQL schema and one Redis prefix, as two replicas behind a load
 * balancer. A phone's resend of a note (same Idempotency-Key) may reach either of them, or both
 * at once: the note is posted once. And a person's note limit is one limit, whichever server
 * their requests reach.
 */

const NOTES_PER_PERSON = 12;

let db: PgSchema;
let redis: RedisPrefix;
let a: RunningServer;
let b: RunningServer;

function replica(): Promise<RunningServer> {
  return startReplica(db, redis, { rateLimit: { notesPerPersonPerMinute: NOTES_PER_PERSON } });
}

beforeAll(async () => {
  db = await freshSchema();
  redis = await freshRedisPrefix();
  a = await replica();
  b = await replica();
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
  await redis?.drop();
});

const post = (server: RunningServer, roomId: string, token: string, text: string, key: string) =>
  request(server.url, 'POST', `/api/rooms/${roomId}/notes`, { token, body: { text }, headers: { 'idempotency-key': key } });

/** Notes posted through the API onto the board: each has exactly one stored edit key. */
async function notesPosted(roomId: string): Promise<number> {
  const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM note_keys WHERE room_id = $1', [roomId]);
  return Number(rows[0]!.n);
}

describe('Idempotency-Key across two servers', () => {
  test('sent to A, then resent to B: the same note comes back and only one is posted', async () => {
    const room = await mustCreateRoom(a.url, 'Resend across');
    const ana = await mustJoin(a.url, room.joinCode, 'Ana');
    const first = await post(a, room.roomId, ana, 'Once', 'outbox-1');
    expect(first.status).toBe(201);
    const again = await post(b, room.roomId, ana, 'Once', 'outbox-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await notesPosted(room.roomId)).toBe(1);
  });

  test('the same request arriving at both servers at once, ten times over, posts one note', async () => {
    const room = await mustCreateRoom(a.url, 'Resend at once');
    const ben = await mustJoin(b.url, room.joinCode, 'Ben');
    const copies = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 ? b : a, room.roomId, ben, 'At once', 'outbox-9')));
    expect(copies.map((res) => res.status)).toEqual(copies.map(() => 201));
    expect(new Set(copies.map((res) => JSON.stringify(res.body))).size).toBe(1);
    expect(await notesPosted(room.roomId)).toBe(1);
    // A different key from the same person is a different note.
    expect((await post(b, room.roomId, ben, 'Another', 'outbox-10')).body.noteId).not.toBe(copies[0]!.body.noteId);
    expect(await notesPosted(room.roomId)).toBe(2);
  });
});

describe('notes per person across two servers (counters in Redis)', () => {
  test('one person\'s posts to A and B share one limit; another person at the same address is not held up', async () => {
    const room = await mustCreateRoom(a.url, 'Limits across');
    const cy = await mustJoin(a.url, room.joinCode, 'Cy');
    const dee = await mustJoin(b.url, room.joinCode, 'Dee');
    const statuses: number[] = [];
    for (let i = 0; i <= NOTES_PER_PERSON; i++) statuses.push((await post(i % 2 ? b : a, room.roomId, cy, `Cy ${i}`, `cy-${i}`)).status);
    expect(statuses.slice(0, NOTES_PER_PERSON)).toEqual(Array.from({ length: NOTES_PER_PERSON }, () => 201));
    expect(statuses[NOTES_PER_PERSON]).toBe(429);
    expect((await post(a, room.roomId, dee, 'Dee here', 'dee-1')).status).toBe(201);
  });
});
