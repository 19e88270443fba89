import { beforeAll, describe, expect, test } from 'vitest';
import { useServer, type Replica, type ServerClients } from '../../helpers/fixture.ts';

/**
 * Two servers on one PostgreSQL schema: a step's limit of notes per person is one limit,
 * whichever server each note reaches, and stays after both restart.
 */

// A is the fixture's server, B a replica beside it on the same schema and prefix.
const a = useServer({ storage: 'postgres+redis' });
let b: Replica;

beforeAll(async () => {
  b = await a.replica();
});

const post = (server: ServerClients, roomId: string, token: string, text: string) =>
  server.request('POST', `/api/rooms/${roomId}/notes`, { token, body: { text } });

describe('the note limit of a step across two servers', () => {
  test('notes sent to A and B count together, and the count outlives both servers', async () => {
    const room = await a.room('Limit across');
    const steps = [{ title: 'Three each', prompt: 'Ideas', mode: 'open', maxNotesPerPerson: 3 }];
    expect((await a.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const ana = await a.join(room.joinCode, 'Ana');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(i % 2 ? b : a, room.roomId, ana, `Ana ${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 409]);

    // Both down at once, then both back: nothing of the count is left in either process.
    await b.close();
    await a.restart();
    await b.restart();
    expect((await post(a, room.roomId, ana, 'again')).status).toBe(409);
    expect((await post(b, room.roomId, ana, 'again')).status).toBe(409);
    const ben = await b.join(room.joinCode, 'Ben');
    expect((await post(b, room.roomId, ben, 'Ben 0')).status).toBe(201);
  });
});
