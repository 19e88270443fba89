import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../../server/src/index.ts';
import { closedWithin, connectDoc, docUrl, rawSocket, waitFor, type DocClient } from '../../helpers/clients.ts';
import { command, mustCreateRoom, request, toWsUrl } from '../../helpers/server.ts';
import { freshRedisPrefix, freshSchema, startReplica, type PgSchema, type RedisPrefix } from './backends.ts';

/**
 * Removing a participant with two processes sharing PostgreSQL and Redis: the command reaches
 * one process, the person is connected to the other. Their sockets there close, and both
 * processes refuse their token from then on.
 */

let db: PgSchema;
let redis: RedisPrefix;
let a: RunningServer;
let b: RunningServer;
const clients: DocClient[] = [];

function replica(): Promise<RunningServer> {
  return startReplica(db, redis);
}

beforeAll(async () => {
  db = await freshSchema();
  redis = await freshRedisPrefix();
  a = await replica();
  b = await replica();
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await a?.close();
  await b?.close();
  await db?.drop();
  await redis?.drop();
});

describe('participant.remove across two processes', () => {
  test('the command on A closes the sockets on B with 4401 "removed"; A and B both refuse the token; the same phone cannot join on B', async () => {
    const room = await mustCreateRoom(a.url, 'Two processes');
    const deviceKey = 'device-key-of-the-phone-0001';
    const joined = await request(b.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Lou', deviceKey } });
    expect(joined.status).toBe(200);
    const { participantToken, participantId } = joined.body as { participantToken: string; participantId: string };
    const board = connectDoc(toWsUrl(b.url), room.roomId, 'board', participantToken);
    const control = connectDoc(toWsUrl(b.url), room.roomId, 'control', participantToken);
    clients.push(board, control);
    await Promise.all([board.synced, control.synced]);

    const removed = await command(a.url, room.roomId, room.facilitatorToken, { type: 'participant.remove', participantId });
    expect(removed.status, removed.text).toBe(200);
    await waitFor(() => board.closes.length > 0 && control.closes.length > 0, 5_000, 'the sockets on B closed');
    expect(board.closes[0]).toEqual({ code: 4401, reason: 'removed' });
    expect(control.closes[0]).toEqual({ code: 4401, reason: 'removed' });

    for (const server of [a, b]) {
      const res = await request(server.url, 'GET', `/api/rooms/${room.roomId}`, { token: participantToken });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TRIB_REMOVED');
      const socket = rawSocket(docUrl(toWsUrl(server.url), room.roomId, 'board', participantToken));
      expect((await closedWithin(socket, 5_000, 'a reconnect')).code).toBe(4401);
    }
    const again = await request(b.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, deviceKey } });
    expect(again.status).toBe(403);
  });
});
