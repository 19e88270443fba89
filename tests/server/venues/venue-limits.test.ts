import { describe, expect, test } from 'vitest';
import { mustCreateRoom, mustJoin, request } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';

/**
 * A venue: everyone on the same wifi reaches the server from one address. Every request here
 * comes from 127.0.0.1, so the whole test is one venue.
 */

/** Runs `task` for every item, `width` at a time (a room of phones, not one phone after another). */
async function inWaves<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

const postNote = (server: { url: string }, roomId: string, token: string, text: string) =>
  request(server.url, 'POST', `/api/rooms/${roomId}/notes`, { token, body: { text } });

describe('a venue on one address, default limits', () => {
  const server = useServer();

  test('300 people join within a minute and each posts a note: all get in, every note lands', async () => {
    const room = await mustCreateRoom(server.url, 'Town hall');
    const started = Date.now();
    const people = Array.from({ length: 300 }, (_, i) => `Person ${i + 1}`);
    const joins = await inWaves(people, 30, (name) => request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, name } }));
    expect(Date.now() - started, 'the joins ran within the one-minute window').toBeLessThan(60_000);
    expect(joins.map((res) => res.status)).toEqual(people.map(() => 200));

    // 300 notes within the same minute, from the same address: each person has a budget of their own.
    const notes = await inWaves(joins, 30, (res) => postNote(server, room.roomId, res.body.participantToken, 'Here'));
    expect(notes.filter((res) => res.status !== 201).map((res) => `${res.status} ${res.text}`)).toEqual([]);
  });

  test('wrong join codes are still limited per address: the 21st miss in ten minutes waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await request(server.url, 'POST', '/api/join', { body: { joinCode: 'AAAAAA' } })).status);
    expect(statuses.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('notes are limited per person, not per address', () => {
  const server = useServer({ config: { rateLimit: { notesPerPersonPerMinute: 3 } } });

  test('one person over their limit waits; the next person at the same address does not', async () => {
    const room = await mustCreateRoom(server.url, 'Limits');
    const ana = await mustJoin(server.url, room.joinCode, 'Ana');
    const ben = await mustJoin(server.url, room.joinCode, 'Ben');
    const anas = [];
    for (let i = 0; i < 4; i++) anas.push(await postNote(server, room.roomId, ana, `Ana ${i}`));
    expect(anas.map((res) => res.status)).toEqual([201, 201, 201, 429]);
    expect(anas[3]!.body).toMatchObject({ code: 'TRIB_RATE_LIMITED', message: expect.stringMatching(/Please wait/) });
    expect((await postNote(server, room.roomId, ben, 'Ben here')).status).toBe(201);

    // A made-up token is nobody: a new one on every request still counts against the address.
    const strangers = [];
    for (let i = 0; i < 5; i++) strangers.push((await postNote(server, room.roomId, `made-up-${i}`, 'x')).status);
    expect(strangers).toEqual([401, 401, 401, 429, 429]);
  });
});
