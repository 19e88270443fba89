import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { connectDoc, docUrl, rawSocket, sleep, type DocClient, type RawSocket } from '../helpers/clients.ts';
import { mustCreateRoom, mustJoin, startTestServer, type CreatedRoom, type TestServer } from '../helpers/server.ts';

// A quiet room keeps its sockets (issue 16). A stock y-websocket client drops a socket it has
// heard nothing on for 30 s; the control document's socket hears nothing in a quiet room, so
// phones showed "Reconnecting…" every 33 s. The server now sends a quiet socket an empty presence
// message every sweep. Here the sweep is 150 ms so a second shows many of them.

const SWEEP_MS = 150;
const KEEPALIVE = [1, 1, 0];
const isKeepalive = (frame: Uint8Array) => frame.length === 3 && KEEPALIVE.every((b, i) => frame[i] === b);

describe('keepalive on every document socket', () => {
  let server: TestServer;
  let room: CreatedRoom;
  let participant: string;
  const clients: DocClient[] = [];
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ config: { keepAliveMs: SWEEP_MS } });
    room = await mustCreateRoom(server.url, 'Quiet room');
    participant = await mustJoin(server.url, room.joinCode, 'Ana');
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.ws.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('a quiet control socket hears from the server at least every two sweeps', async () => {
    const socket = rawSocket(docUrl(server.wsUrl, room.roomId, 'control', participant));
    sockets.push(socket);
    await socket.opened;
    const arrivals: number[] = [];
    const started = Date.now();
    socket.ws.on('message', (data: Buffer) => {
      if (isKeepalive(new Uint8Array(data))) arrivals.push(Date.now() - started);
    });
    await sleep(SWEEP_MS * 8);
    // The sync step 1 went out first; after that, nothing but keepalives in a quiet room.
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(SWEEP_MS * 2 + 100);
  });

  test('a stock client takes it as a no-op and keeps hearing from the server (board and control, no presence of its own)', async () => {
    for (const name of ['control', 'board']) {
      const client = connectDoc(server.wsUrl, room.roomId, name, participant);
      clients.push(client);
      client.provider.awareness.setLocalState(null);
      await client.synced;
    }
    let presenceEvents = 0;
    for (const client of clients) client.provider.awareness.on('change', () => presenceEvents++);
    const lastHeard = () => clients.map((c) => Date.now() - c.provider.wsLastMessageReceived);
    await sleep(SWEEP_MS * 8);
    // y-websocket closes the socket once this passes 30 s; it stays within two sweeps.
    for (const quiet of lastHeard()) expect(quiet).toBeLessThanOrEqual(SWEEP_MS * 2 + 100);
    expect(presenceEvents).toBe(0);
    for (const client of clients) {
      expect(client.closes).toEqual([]);
      expect(client.provider.wsconnected).toBe(true);
    }
  });

  test('a socket that is being sent other frames gets no keepalive on top', async () => {
    const socket = rawSocket(docUrl(server.wsUrl, room.roomId, 'board', participant));
    sockets.push(socket);
    await socket.opened;
    // Another person's presence, every 50 ms: the socket is never quiet.
    const talker = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken, { awareness: { name: 'Fac', n: 0 } });
    clients.push(talker);
    await talker.synced;
    const timer = setInterval(() => talker.provider.awareness.setLocalStateField('n', Date.now()), 50);
    try {
      await sleep(SWEEP_MS * 2);
      const from = socket.messages.length;
      await sleep(SWEEP_MS * 6);
      const later = socket.messages.slice(from);
      expect(later.length).toBeGreaterThan(5);
      expect(later.filter(isKeepalive)).toEqual([]);
    } finally {
      clearInterval(timer);
    }
  });
});
