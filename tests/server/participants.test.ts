import { describe, expect, test } from 'vitest';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';

type Row = { participantId: string; name: string | null; connected: boolean };

/** GET /api/rooms/:roomId/participants: who joined, by the names they chose, and who is here now. */
describe('participants list for the facilitator', () => {
  const server = useServer();

  test('lists joined participants with their chosen names and whether they are connected; facilitator only', async () => {
    const room = await server.room();
    const sam = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Sam' } });
    const anon = await server.request('POST', '/api/join', { body: { joinCode: room.joinCode } });
    const here = server.doc(room.roomId, 'board', sam.body.participantToken);
    await here.synced;
    let list: Array<{ participantId: string; name: string | null; connected: boolean }> = [];
    await waitFor(async () => {
      const res = await server.request('GET', `/api/rooms/${room.roomId}/participants`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      list = res.body;
      return list.some((p) => p.connected);
    }, 5000, 'Sam connected');
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        { participantId: sam.body.participantId, name: 'Sam', connected: true },
        { participantId: anon.body.participantId, name: null, connected: false },
      ]),
    );
    const denied = await server.request('GET', `/api/rooms/${room.roomId}/participants`, { token: sam.body.participantToken });
    expect(denied.status).toBe(403);
    expect((await server.request('GET', `/api/rooms/${room.roomId}/participants`)).status).toBe(401);
  });

  test('during an anonymous step the list is sorted by name and does not change when people reconnect or join', async () => {
    const room = await server.room();
    const steps = [
      { title: 'Open', prompt: 'Say hello', mode: 'open' },
      { title: 'Quiet', prompt: 'Say it without your name', mode: 'anonymous' },
    ];
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const joinAs = async (name: string) => (await server.request('POST', '/api/join', { body: { joinCode: room.joinCode, name } })).body;
    // Joined in an order that is not the order of their names.
    const zoe = await joinAs('Zoe');
    const al = await joinAs('Al');
    const mo = await joinAs('Mo');
    const list = async (): Promise<Row[]> => {
      const res = await server.request('GET', `/api/rooms/${room.roomId}/participants`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      return res.body;
    };
    const connect = (token: string) => server.doc(room.roomId, 'board', token);
    const zoeClient = connect(zoe.participantToken);
    connect(al.participantToken);
    await waitFor(async () => (await list()).filter((p) => p.connected).length === 2, 5000, 'Zoe and Al connected');

    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 })).status).toBe(200);
    const during = await list();
    expect(during.map((p) => p.name)).toEqual(['Al', 'Mo', 'Zoe']);
    expect(during.map((p) => p.connected)).toEqual([true, false, true]);

    // Zoe drops out and comes back, Mo connects for the first time, and someone new joins.
    zoeClient.destroy();
    const moClient = connect(mo.participantToken);
    await moClient.synced;
    expect(await list()).toEqual(during);
    const back = connect(zoe.participantToken);
    await back.synced;
    await joinAs('Bea');
    expect(await list()).toEqual(during);

    // After the step, the list tells who is here now again (still by name).
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'step.goto', index: 0 })).status).toBe(200);
    const after = await list();
    expect(after.map((p) => [p.name, p.connected])).toEqual([
      ['Al', true],
      ['Bea', false],
      ['Mo', true],
      ['Zoe', true],
    ]);
  });
});
