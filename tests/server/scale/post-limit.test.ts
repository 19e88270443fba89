import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../server/src/index.ts';
import { command, mustCreateRoom, mustJoin, request } from '../../helpers/server.ts';
import { freshRedisPrefix, freshSchema, startReplica, type PgSchema, type RedisPrefix } from './backends.ts';

/**
 * Two servers on one PostgreSQL schema: a step's limit of notes per person is one limit,
 * whichever server each note reaches, and stays after both restart.
 */

let db: PgSchema;
let redis: RedisPrefix;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  db = await freshSchema();
  redis = await freshRedisPrefix();
  a = await startReplica(db, redis);
  b = await startReplica(db, redis);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
  await redis?.drop();
});

const post = (server: RunningServer, roomId: string, token: string, text: string) =>
  request(server.url, 'POST', `/api/rooms/${roomId}/notes`, { token, body: { text } });

describe('the note limit of a step across two servers', () => {
  test('notes sent to A and B count together, and the count outlives both servers', async () => {
    const room = await mustCreateRoom(a.url, 'Limit across');
    const steps = [{ title: 'Three each', prompt: 'Ideas', mode: 'open', maxNotesPerPerson: 3 }];
    expect((await command(a.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const ana = await mustJoin(a.url, room.joinCode, 'Ana');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(i % 2 ? b : a, room.roomId, ana, `Ana ${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 409]);

    await a.close();
    await b.close();
    a = await startReplica(db, redis);
    b = await startReplica(db, redis);
    expect((await post(a, room.roomId, ana, 'again')).status).toBe(409);
    expect((await post(b, room.roomId, ana, 'again')).status).toBe(409);
    const ben = await mustJoin(b.url, room.joinCode, 'Ben');
    expect((await post(b, room.roomId, ben, 'Ben 0')).status).toBe(201);
  });
});
