import { afterAll, describe, expect, test } from 'vitest';
import { MAX_AWARENESS_STATE_BYTES } from '@tributary/shared/protocol';
import {
  MESSAGE_AWARENESS,
  closedWithin,
  connectDoc,
  docUrl,
  rawSocket,
  waitFor,
  type DocClient,
  type RawSocket,
} from '../helpers/clients.ts';
import { mustCreateRoom, mustJoin, type CreatedRoom } from '../helpers/server.ts';
import { useServer } from '../helpers/fixture.ts';
import { decodeAwarenessUpdate, encodeAwarenessFrame, encodeAwarenessUpdate, type AwarenessEntry } from '../../server/src/sync/protocol.ts';

// Issue 15: "a connection speaks only for the client ids it writes with; presence states have a
// size cap; the rest is dropped and a flood closes the socket". Attacks from outside, with raw
// `ws` frames, beside stock y-websocket clients (which echo everyone's presence back).

const server = useServer();
const clients: DocClient[] = [];
const sockets: RawSocket[] = [];

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.ws.terminate();
});

function stock(room: CreatedRoom, token: string, awareness?: Record<string, unknown>): DocClient {
  const client = connectDoc(server.wsUrl, room.roomId, 'board', token, awareness ? { awareness } : {});
  clients.push(client);
  return client;
}

async function raw(room: CreatedRoom, token: string): Promise<RawSocket> {
  const socket = rawSocket(docUrl(server.wsUrl, room.roomId, 'board', token));
  sockets.push(socket);
  await socket.opened;
  return socket;
}

function presenceFrame(entries: AwarenessEntry[]): Uint8Array {
  return encodeAwarenessFrame(encodeAwarenessUpdate(entries));
}

/** The awareness entries in the frames a raw socket received. */
function receivedPresence(socket: RawSocket, from = 0): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  for (const frame of socket.messages.slice(from)) {
    if (frame[0] !== MESSAGE_AWARENESS) continue;
    // [type][varuint length][update]: the length of a frame under 16 KiB takes at most 2 bytes.
    const offset = frame[1]! < 0x80 ? 2 : frame[2]! < 0x80 ? 3 : 4;
    entries.push(...decodeAwarenessUpdate(frame.subarray(offset)));
  }
  return entries;
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

const stateOf = (client: DocClient, clientId: number) => client.provider.awareness.getStates().get(clientId) as Record<string, unknown> | undefined;

describe('presence: a connection speaks only for its own client ids', () => {
  test('one socket making up thousands of client ids keeps at most two, is closed with 4429, and others receive little', async () => {
    const room = await mustCreateRoom(server.url, 'Presence flood');
    const watcher = await raw(room, await mustJoin(server.url, room.joinCode, 'Wes'));
    const flooder = await raw(room, await mustJoin(server.url, room.joinCode, 'Mal'));
    const before = watcher.messages.length;
    const bytesBefore = watcher.messages.reduce((sum, m) => sum + m.byteLength, 0);
    // The attack of issue 15: 36,360 made-up ids; 500 in each frame, as fast as the socket goes.
    const fakeIds = Array.from({ length: 36_000 }, (_, i) => 1_000_000 + i);
    const isFake = new Set(fakeIds);
    for (let i = 0; i < fakeIds.length && flooder.ws.readyState === flooder.ws.OPEN; i += 500) {
      flooder.ws.send(presenceFrame(fakeIds.slice(i, i + 500).map((clientId) => ({ clientId, clock: 1, state: { name: `fake ${clientId}`, cursor: { x: 1, y: 2 } } }))));
    }
    const closed = await closedWithin(flooder, 5_000, 'the flooder');
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/presence/);

    // Someone arriving after the flood: once the watcher sees them, everything the flood caused has been sent.
    const later = stock(room, room.facilitatorToken, { name: 'Later' });
    await later.synced;
    await waitFor(() => receivedPresence(watcher, before).some((e) => e.state?.name === 'Later'), 5_000, 'the watcher sees the newcomer');
    const fakesSeen = new Set(receivedPresence(watcher, before).filter((e) => isFake.has(e.clientId)).map((e) => e.clientId));
    const bytes = watcher.messages.reduce((sum, m) => sum + m.byteLength, 0) - bytesBefore;
    console.log(`presence flood: the watcher saw ${fakesSeen.size} made-up ids in ${bytes} bytes`);
    expect(fakesSeen.size).toBeLessThanOrEqual(2);
    expect(bytes).toBeLessThan(4 * 1024);
    // The room carries on: the newcomer holds only real presence (the flooder's is gone with it).
    expect([...later.provider.awareness.getStates().keys()].filter((id) => isFake.has(id))).toEqual([]);
    expect(await metric('tributary_presence_dropped_total', '{reason="too-many-ids"}')).toBeGreaterThan(0);
    expect(watcher.ws.readyState).toBe(watcher.ws.OPEN);
  });

  test("another connection's client id cannot be written, overwritten or removed", async () => {
    const room = await mustCreateRoom(server.url, 'Presence impersonation');
    const ann = stock(room, await mustJoin(server.url, room.joinCode, 'Ann'), { name: 'Ann' });
    const bob = stock(room, room.facilitatorToken, { name: 'Bob' });
    await Promise.all([ann.synced, bob.synced]);
    const annId = ann.doc.clientID;
    await waitFor(() => stateOf(bob, annId)?.name === 'Ann', 5_000, 'Bob sees Ann');

    const mallory = await raw(room, await mustJoin(server.url, room.joinCode, 'Mal'));
    const malloryId = 777_777;
    // Each attempt goes with a state of her own id: once Bob has it, the attempt was handled.
    const attempt = async (forAnn: Record<string, unknown> | null, clock: number, label: string) => {
      mallory.ws.send(presenceFrame([{ clientId: annId, clock: 1_000 + clock, state: forAnn }, { clientId: malloryId, clock, state: { name: label } }]));
      await waitFor(() => stateOf(bob, malloryId)?.name === label, 5_000, `Bob sees Mallory's ${label} under her own id`);
      expect(stateOf(bob, annId)?.name).toBe('Ann');
    };
    await attempt({ name: 'Mallory as Ann', cursor: { x: 0, y: 0 } }, 1, 'overwrite');
    await attempt(null, 2, 'remove');
    // Ann's own changes still go through.
    ann.provider.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    await waitFor(() => (stateOf(bob, annId)?.cursor as { x: number } | undefined)?.x === 5, 5_000, "Bob sees Ann's cursor");
    // Echo-like entries are ignored, not punished.
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
  });

  test('stock clients echoing each other for seconds of cursor moves are never closed', async () => {
    const room = await mustCreateRoom(server.url, 'Presence echo');
    const people: DocClient[] = [stock(room, room.facilitatorToken, { name: 'Fay', cursor: { x: 0, y: 0 } })];
    for (const name of ['Ann', 'Bob', 'Cat', 'Dan']) people.push(stock(room, await mustJoin(server.url, room.joinCode, name), { name, cursor: { x: 0, y: 0 } }));
    await Promise.all(people.map((p) => p.synced));
    const refusedBefore = await metric('tributary_presence_dropped_total', '{reason="too-many-ids"}');
    await waitFor(() => people.every((p) => p.provider.awareness.getStates().size === people.length), 5_000, 'everyone sees everyone');

    // Every person moves their cursor 40 times a second for 3 seconds; one drops and reconnects midway.
    let step = 0;
    const moves = setInterval(() => {
      step++;
      for (const [i, person] of people.entries()) person.provider.awareness.setLocalStateField('cursor', { x: step, y: i });
      if (step === 60) {
        people[2]!.provider.disconnect();
        people[2]!.provider.connect();
      }
    }, 25);
    await waitFor(() => step >= 120, 10_000, '3 seconds of cursor moves');
    clearInterval(moves);
    const last = step;
    for (const watcher of people) {
      await waitFor(
        () => people.every((p) => (stateOf(watcher, p.doc.clientID)?.cursor as { x: number } | undefined)?.x === last),
        5_000,
        `${String(watcher.provider.awareness.getLocalState()?.name)} sees everyone's last cursor`,
      );
    }
    for (const person of people) expect(person.closes.filter((c) => c.code >= 4000)).toEqual([]);
    expect(await metric('tributary_presence_dropped_total', '{reason="too-many-ids"}')).toBe(refusedBefore);
  });

  test('a client that reconnects without changing anything shows its presence again at once', async () => {
    const room = await mustCreateRoom(server.url, 'Presence reconnect');
    const ann = stock(room, await mustJoin(server.url, room.joinCode, 'Ann'), { name: 'Ann' });
    const bob = stock(room, room.facilitatorToken, { name: 'Bob' });
    await Promise.all([ann.synced, bob.synced]);
    const annId = ann.doc.clientID;
    await waitFor(() => stateOf(bob, annId)?.name === 'Ann', 5_000, 'Bob sees Ann');
    ann.provider.disconnect();
    await waitFor(() => stateOf(bob, annId) === undefined, 5_000, 'Ann leaves Bob\'s presence');
    // Her client comes back with the clock it had; the server's removal of her is newer. Stock
    // clients renew their presence only every 15 s: without help she would be missing that long.
    ann.provider.connect();
    await waitFor(() => stateOf(bob, annId)?.name === 'Ann', 3_000, 'Bob sees Ann again');
    expect(ann.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });

  test('a presence state over the size cap is dropped; the socket stays open and smaller states pass', async () => {
    const room = await mustCreateRoom(server.url, 'Presence size');
    const watcher = stock(room, room.facilitatorToken, { name: 'Wes' });
    await watcher.synced;
    const sender = await raw(room, await mustJoin(server.url, room.joinCode, 'Sam'));
    const id = 888_888;
    sender.ws.send(presenceFrame([{ clientId: id, clock: 1, state: { name: 'small' } }]));
    await waitFor(() => stateOf(watcher, id)?.name === 'small', 5_000, 'the small state arrives');
    // Two-byte characters: within the cap counted in characters, over it in bytes.
    sender.ws.send(presenceFrame([{ clientId: id, clock: 2, state: { name: 'big', note: 'é'.repeat(MAX_AWARENESS_STATE_BYTES * 0.75) } }]));
    // A second state from the same socket: once the watcher has it, the big one was handled.
    sender.ws.send(presenceFrame([{ clientId: id + 1, clock: 1, state: { name: 'after' } }]));
    await waitFor(() => stateOf(watcher, id + 1)?.name === 'after', 5_000, 'the state sent after the big one arrives');
    expect(stateOf(watcher, id)?.name).toBe('small');
    expect(sender.ws.readyState).toBe(sender.ws.OPEN);
    expect(await metric('tributary_presence_dropped_total', '{reason="too-large"}')).toBeGreaterThan(0);
  });
});
