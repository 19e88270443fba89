import { beforeAll, describe, expect, test } from 'vitest';
import { closedWithin, waitFor } from '../../helpers/clients.ts';
import { useServer, type Replica } from '../../helpers/fixture.ts';

/**
 * Removing a participant with two processes sharing PostgreSQL and Redis: the command reaches
 * one process, the person is connected to the other. Their sockets there close, and both
 * processes refuse their token from then on.
 */

// A is the fixture's server, B a replica beside it on the same schema and prefix.
const a = useServer({ storage: 'postgres+redis' });
let b: Replica;

beforeAll(async () => {
  b = await a.replica();
});

describe('participant.remove across two processes', () => {
  test('the command on A closes the sockets on B with 4401 "removed"; A and B both refuse the token; the same phone cannot join on B', async () => {
    const room = await a.room('Two processes');
    const deviceKey = 'device-key-of-the-phone-0001';
    const joined = await b.request('POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Lou', deviceKey } });
    expect(joined.status).toBe(200);
    const { participantToken, participantId } = joined.body as { participantToken: string; participantId: string };
    const board = b.doc(room.roomId, 'board', participantToken);
    const control = b.doc(room.roomId, 'control', participantToken);
    await Promise.all([board.synced, control.synced]);

    const removed = await a.command(room.roomId, room.facilitatorToken, { type: 'participant.remove', participantId });
    expect(removed.status, removed.text).toBe(200);
    await waitFor(() => board.closes.length > 0 && control.closes.length > 0, 5_000, 'the sockets on B closed');
    expect(board.closes[0]).toEqual({ code: 4401, reason: 'removed' });
    expect(control.closes[0]).toEqual({ code: 4401, reason: 'removed' });

    for (const server of [a, b]) {
      const res = await server.request('GET', `/api/rooms/${room.roomId}`, { token: participantToken });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TRIB_REMOVED');
      const socket = server.raw({ roomId: room.roomId, docName: 'board', token: participantToken });
      expect((await closedWithin(socket, 5_000, 'a reconnect')).code).toBe(4401);
    }
    const again = await b.request('POST', '/api/join', { body: { joinCode: room.joinCode, deviceKey } });
    expect(again.status).toBe(403);
  });
});
