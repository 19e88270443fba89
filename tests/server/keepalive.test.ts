import { beforeAll, describe, expect, test } from 'vitest';
import { waitFor, type DocClient } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';
import { mustCreateRoom, mustJoin, type CreatedRoom } from '../helpers/server.ts';

// A quiet room keeps its sockets (issue 16). A stock y-websocket client drops a socket it has
// heard nothing on for 30 s; the control document's socket hears nothing in a quiet room, so
// phones showed "Reconnecting…" every 33 s. The server now sends a quiet socket an empty presence
// message every sweep. Here the sweep is 150 ms so a second shows many of them.

const SWEEP_MS = 150;
const KEEPALIVE = [1, 1, 0];
const isKeepalive = (frame: Uint8Array) => frame.length === 3 && KEEPALIVE.every((b, i) => frame[i] === b);

describe('keepalive on every document socket', () => {
  const server = useServer({ config: { keepAliveMs: SWEEP_MS } });
  let room: CreatedRoom;
  let participant: string;
  beforeAll(async () => {
    room = await mustCreateRoom(server.url, 'Quiet room');
    participant = await mustJoin(server.url, room.joinCode, 'Ana');
  });

  test('a quiet control socket hears from the server at least every two sweeps', async () => {
    const socket = server.raw({ roomId: room.roomId, docName: 'control', token: participant });
    await socket.opened;
    const arrivals: number[] = [];
    const started = Date.now();
    socket.ws.on('message', (data: Buffer) => {
      if (isKeepalive(new Uint8Array(data))) arrivals.push(Date.now() - started);
    });
    await waitFor(() => arrivals.length >= 3, SWEEP_MS * 20, 'three keepalives');
    // The sync step 1 went out first; after that, nothing but keepalives in a quiet room.
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(SWEEP_MS * 2 + 100);
  });

  test('a stock client takes it as a no-op and keeps hearing from the server (board and control, no presence of its own)', async () => {
    const clients: DocClient[] = [];
    for (const name of ['control', 'board']) {
      const client = server.doc(room.roomId, name, participant);
      clients.push(client);
      client.provider.awareness.setLocalState(null);
      await client.synced;
    }
    let presenceEvents = 0;
    for (const client of clients) client.provider.awareness.on('change', () => presenceEvents++);
    const lastHeard = () => clients.map((c) => Date.now() - c.provider.wsLastMessageReceived);
    // Several sweeps' worth of frames on each socket, all of them keepalives in this quiet room.
    const heard = clients.map(() => 0);
    clients.forEach((c, i) => c.provider.ws!.addEventListener('message', () => heard[i]!++));
    await waitFor(() => heard.every((n) => n >= 4), SWEEP_MS * 20, 'four frames on each socket');
    // y-websocket closes the socket once this passes 30 s; it stays within two sweeps.
    for (const quiet of lastHeard()) expect(quiet).toBeLessThanOrEqual(SWEEP_MS * 2 + 100);
    expect(presenceEvents).toBe(0);
    for (const client of clients) {
      expect(client.closes).toEqual([]);
      expect(client.provider.wsconnected).toBe(true);
    }
  });

  test('a socket that is being sent other frames gets no keepalive on top', async () => {
    const socket = server.raw({ roomId: room.roomId, docName: 'board', token: participant });
    await socket.opened;
    // Another person's presence, every 50 ms: the socket is never quiet.
    const talker = server.doc(room.roomId, 'board', room.facilitatorToken, { awareness: { name: 'Fac', n: 0 } });
    await talker.synced;
    const timer = setInterval(() => talker.provider.awareness.setLocalStateField('n', Date.now()), 50);
    try {
      // Counted from once the talk has started reaching the socket, over as many frames as six sweeps carry.
      await waitFor(() => socket.messages.length >= 4, SWEEP_MS * 20, 'the talk to reach the socket');
      const from = socket.messages.length;
      await waitFor(() => socket.messages.length - from >= (SWEEP_MS * 6) / 50, SWEEP_MS * 40, 'six sweeps of talk');
      const later = socket.messages.slice(from);
      expect(later.length).toBeGreaterThan(5);
      expect(later.filter(isKeepalive)).toEqual([]);
    } finally {
      clearInterval(timer);
    }
  });
});
