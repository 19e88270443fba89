import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectDoc, waitFor } from './../helpers/clients.ts';
import { mustCreateRoom, request, startTestServer, type TestServer } from '../helpers/server.ts';

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
});
