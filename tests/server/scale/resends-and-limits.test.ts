import { beforeAll, describe, expect, test } from 'vitest';
import { useServer, type Replica, type ServerClients } from '../../helpers/fixture.ts';

/**
 * Two servers on one PostgreSQL schema and one Redis prefix, as two replicas behind a load
 * balancer. A phone's resend of a note (same Idempotency-Key) may reach either of them, or both
 * at once: the note is posted once. And a person's note limit is one limit, whichever server
 * their requests reach.
 */

const NOTES_PER_PERSON = 12;

// A is the fixture's server, B a replica beside it on the same schema and prefix.
const a = useServer({ storage: 'postgres+redis', config: { rateLimit: { notesPerPersonPerMinute: NOTES_PER_PERSON } } });
let b: Replica;

beforeAll(async () => {
  b = await a.replica();
});

const post = (server: ServerClients, roomId: string, token: string, text: string, key: string) =>
  server.request('POST', `/api/rooms/${roomId}/notes`, { token, body: { text }, headers: { 'idempotency-key': key } });

/** Notes posted through the API onto the board: each has exactly one stored edit key. */
async function notesPosted(roomId: string): Promise<number> {
  const rows = await a.database.query<{ n: string }>('SELECT count(*) AS n FROM note_keys WHERE room_id = $1', [roomId]);
  return Number(rows[0]!.n);
}

describe('Idempotency-Key across two servers', () => {
  test('sent to A, then resent to B: the same note comes back and only one is posted', async () => {
    const room = await a.room('Resend across');
    const ana = await a.join(room.joinCode, 'Ana');
    const first = await post(a, room.roomId, ana, 'Once', 'outbox-1');
    expect(first.status).toBe(201);
    const again = await post(b, room.roomId, ana, 'Once', 'outbox-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await notesPosted(room.roomId)).toBe(1);
  });

  test('the same request arriving at both servers at once, ten times over, posts one note', async () => {
    const room = await a.room('Resend at once');
    const ben = await b.join(room.joinCode, 'Ben');
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
    const room = await a.room('Limits across');
    const cy = await a.join(room.joinCode, 'Cy');
    const dee = await b.join(room.joinCode, 'Dee');
    const statuses: number[] = [];
    for (let i = 0; i <= NOTES_PER_PERSON; i++) statuses.push((await post(i % 2 ? b : a, room.roomId, cy, `Cy ${i}`, `cy-${i}`)).status);
    expect(statuses.slice(0, NOTES_PER_PERSON)).toEqual(Array.from({ length: NOTES_PER_PERSON }, () => 201));
    expect(statuses[NOTES_PER_PERSON]).toBe(429);
    expect((await post(a, room.roomId, dee, 'Dee here', 'dee-1')).status).toBe(201);
  });
});
