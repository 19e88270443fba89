import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor, type DocClient } from './../helpers/clients.ts';
import { command, mustCreateRoom, request, startTestServer, type TestServer } from '../helpers/server.ts';

type Row = { participantId: string; name: string | null; connected: boolean };

/** GET /api/rooms/:roomId/participants: who joined, by the names they chose, and who is here now. */
describe('participants list for the facilitator', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  test('lists joined participants with their chosen names and whether they are connected; facilitator only', async () => {
    const room = await mustCreateRoom(server.url);
    const sam = await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Sam' } });
    const anon = await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode } });
    const here = connectDoc(server.wsUrl, room.roomId, 'board', sam.body.participantToken);
    await here.synced;
    try {
      let list: Array<{ participantId: string; name: string | null; connected: boolean }> = [];
      await waitFor(async () => {
        const res = await request(server.url, 'GET', `/api/rooms/${room.roomId}/participants`, { token: room.facilitatorToken });
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
      const denied = await request(server.url, 'GET', `/api/rooms/${room.roomId}/participants`, { token: sam.body.participantToken });
      expect(denied.status).toBe(403);
      expect((await request(server.url, 'GET', `/api/rooms/${room.roomId}/participants`)).status).toBe(401);
    } finally {
      here.destroy();
    }
  });

  test('during an anonymous step the list is sorted by name and does not change when people reconnect or join', async () => {
    const room = await mustCreateRoom(server.url);
    const steps = [
      { title: 'Open', prompt: 'Say hello', mode: 'open' },
      { title: 'Quiet', prompt: 'Say it without your name', mode: 'anonymous' },
    ];
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 })).status).toBe(200);
    const joinAs = async (name: string) => (await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, name } })).body;
    // Joined in an order that is not the order of their names.
    const zoe = await joinAs('Zoe');
    const al = await joinAs('Al');
    const mo = await joinAs('Mo');
    const list = async (): Promise<Row[]> => {
      const res = await request(server.url, 'GET', `/api/rooms/${room.roomId}/participants`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      return res.body;
    };
    const open: DocClient[] = [];
    const connect = (token: string) => {
      const client = connectDoc(server.wsUrl, room.roomId, 'board', token);
      open.push(client);
      return client;
    };
    try {
      const zoeClient = connect(zoe.participantToken);
      connect(al.participantToken);
      await waitFor(async () => (await list()).filter((p) => p.connected).length === 2, 5000, 'Zoe and Al connected');

      expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 1 })).status).toBe(200);
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
      expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'step.goto', index: 0 })).status).toBe(200);
      const after = await list();
      expect(after.map((p) => [p.name, p.connected])).toEqual([
        ['Al', true],
        ['Bea', false],
        ['Mo', true],
        ['Zoe', true],
      ]);
    } finally {
      for (const client of open) client.destroy();
    }
  });
});
