import { beforeAll, describe, expect, test } from 'vitest';
import { encodeAwarenessFrame, encodeAwarenessUpdate } from '../../../server/src/sync/protocol.ts';
import { closedWithin, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type Replica, type ServerClients } from '../../helpers/fixture.ts';

// Issue 15, presence with two processes on PostgreSQL + Redis: a client id held by a connection
// on one process cannot be spoken for from the other, and a flood of made-up ids is closed there too.

// A is the fixture's server, B a replica beside it on the same schema and prefix.
const a = useServer({ storage: 'postgres+redis' });
let b: Replica;

beforeAll(async () => {
  b = await a.replica();
});

const stock = (server: ServerClients, roomId: string, token: string, name: string): DocClient => server.doc(roomId, 'board', token, { awareness: { name } });

const nameOf = (client: DocClient, clientId: number) => (client.provider.awareness.getStates().get(clientId) as { name?: string } | undefined)?.name;

describe('presence claims across two processes', () => {
  test("a client id held on one process cannot be written or removed from the other; a flood of ids is closed there", async () => {
    const room = await a.room('Presence across processes');
    const ann = stock(a, room.roomId, await a.join(room.joinCode, 'Ann'), 'Ann');
    const bob = stock(a, room.roomId, room.facilitatorToken, 'Bob');
    const cat = stock(b, room.roomId, await b.join(room.joinCode, 'Cat'), 'Cat');
    await Promise.all([ann.synced, bob.synced, cat.synced]);
    const annId = ann.doc.clientID;
    await waitFor(() => nameOf(cat, annId) === 'Ann' && nameOf(bob, annId) === 'Ann', 5_000, 'both processes show Ann');

    const mallory = b.raw({ roomId: room.roomId, docName: 'board', token: await b.join(room.joinCode, 'Mal') });
    await mallory.opened;
    // Each attempt goes with a state of her own id: once both processes show it, the attempt was handled.
    const attempt = async (forAnn: Record<string, unknown> | null, clock: number, label: string) => {
      mallory.ws.send(encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId: annId, clock: 5_000 + clock, state: forAnn }, { clientId: 999_001, clock, state: { name: label } }])));
      await waitFor(() => nameOf(bob, 999_001) === label && nameOf(cat, 999_001) === label, 5_000, `Mallory's ${label} on both processes`);
      expect(nameOf(cat, annId)).toBe('Ann');
      expect(nameOf(bob, annId)).toBe('Ann');
    };
    await attempt({ name: 'Mallory as Ann' }, 1, 'overwrite');
    await attempt(null, 2, 'remove');

    // Then thousands of made-up ids: closed on B, and A's people never see them.
    const fakes = Array.from({ length: 2_000 }, (_, i) => ({ clientId: 2_000_000 + i, clock: 1, state: { name: 'fake' } }));
    mallory.ws.send(encodeAwarenessFrame(encodeAwarenessUpdate(fakes)));
    expect((await closedWithin(mallory, 5_000, 'Mallory')).code).toBe(4429);
    await waitFor(() => nameOf(bob, 999_001) === undefined, 5_000, "Mallory's presence leaves A with her socket");
    expect([...bob.provider.awareness.getStates().values()].filter((s) => (s as { name?: string }).name === 'fake')).toEqual([]);
    for (const client of [ann, bob, cat]) expect(client.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });
});
