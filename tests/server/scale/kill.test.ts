import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { FACILITATOR_WRITER, mustJoinAs, writeNote, type NoteWriter } from '../../helpers/board.ts';
import { connectDoc, pace, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { request, type SpawnedServer } from '../../helpers/server.ts';

/**
 * The scale-out promise, with real processes: two servers on Redis + PostgreSQL; clients on
 * different processes see each other's notes; one process is killed (SIGKILL) in the middle of
 * the activity; its clients reconnect to the other, as a load balancer would send them, and
 * nothing any client saw is lost. Then every process is killed, and a new one loads the room
 * from PostgreSQL exactly as the clients last saw it.
 */

const t = useServer({ process: 'child', storage: 'postgres+redis' });

const texts = (doc: Y.Doc): Set<string> =>
  new Set(Object.values(doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text));

interface Person {
  name: string;
  token: string;
  /** Whose notes they write: the facilitator's or their own participant id. */
  writer: NoteWriter;
  client: DocClient;
  /** Every note text this person has written or seen on their board. */
  seen: Set<string>;
  written: number;
  /** Between connecting to another process and the first sync with it. */
  reconnecting: boolean;
}

describe('two server processes, one killed', () => {
  test('clients on different processes see each other\'s notes; after a SIGKILL, clients move to the survivor and nothing is lost', async () => {
    const p1 = t.child;
    const p2 = await t.spawnReplica();
    expect(p1.output()).toMatch(/"storage":"postgres","fanOut":"redis"/);

    const room = await t.room('Kill test');
    const join = async (server: SpawnedServer, name: string) => mustJoinAs(server.url, room.joinCode, name);
    const people: Person[] = [];
    const connect = (server: SpawnedServer, name: string, token: string, doc?: Y.Doc): DocClient => {
      const client = connectDoc(server.wsUrl, room.roomId, 'board', token, { ...(doc ? { doc } : {}), awareness: { name } });
      t.defer(() => client.destroy());
      return client;
    };
    const addPerson = async (server: SpawnedServer, name: string, token: string, writer: NoteWriter) => {
      const client = connect(server, name, token);
      await client.synced;
      const person: Person = { name, token, writer, client, seen: new Set(), written: 0, reconnecting: false };
      client.doc.on('update', () => {
        for (const t of texts(client.doc)) person.seen.add(t);
      });
      people.push(person);
      return person;
    };
    const addParticipant = async (server: SpawnedServer, name: string) => {
      const joined = await join(server, name);
      return addPerson(server, name, joined.token, joined);
    };
    const fay = await addPerson(p1, 'Fay', room.facilitatorToken, FACILITATOR_WRITER);
    const ann = await addParticipant(p1, 'Ann');
    const bob = await addParticipant(p2, 'Bob');
    const cat = await addParticipant(p2, 'Cat');
    const write = (person: Person) => {
      writeNote(person.client.doc, person.writer, { text: `${person.name} #${person.written++}`, pos: { x: person.written * 10, y: 0 } });
    };

    // Clients on different processes see each other's notes.
    write(ann);
    write(bob);
    await waitFor(() => texts(bob.client.doc).has('Ann #0') && texts(ann.client.doc).has('Bob #0'), 5000, 'notes across processes');
    // The HTTP API on either process writes to the same board.
    const viaApi = await request(p2.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: cat.token, body: { text: 'Cat via API on p2' } });
    expect(viaApi.status, viaApi.text).toBe(201);
    await waitFor(() => texts(fay.client.doc).has('Cat via API on p2'), 5000, 'an API note from p2 on p1');

    // Activity: everyone writes every 15 ms; p2 dies in the middle of it.
    let writing = true;
    const loops = people.map(async (person) => {
      while (writing) {
        if (!person.reconnecting) write(person);
        await pace(15);
      }
    });
    // Every process has live writes in flight when p2 dies: each person has written some more,
    // and Ann on p1 has seen Bob's and Cat's from p2.
    const writtenBefore = new Map(people.map((person) => [person, person.written]));
    const wroteMore = (person: Person, count: number) => person.written >= writtenBefore.get(person)! + count;
    await waitFor(
      () => people.every((person) => wroteMore(person, 10)) && texts(ann.client.doc).has(`Bob #${writtenBefore.get(bob)! + 5}`) && texts(ann.client.doc).has(`Cat #${writtenBefore.get(cat)! + 5}`),
      10_000,
      'writes on both processes before the kill',
    );
    p2.kill('SIGKILL');
    const died = await p2.exited;
    expect(died.signal).toBe('SIGKILL');
    // Bob and Cat go on writing offline for a moment; then, as a load balancer would, their
    // devices reconnect to the process that is left (same Y.Doc, new connection). They pause
    // until the first sync: a write sent before the device's sync step 2 builds on offline
    // writes the server does not have yet, and is refused (4403 missing-history), not kept.
    for (const person of people) writtenBefore.set(person, person.written);
    await waitFor(() => wroteMore(bob, 5) && wroteMore(cat, 5), 10_000, 'Bob and Cat writing offline');
    for (const person of [bob, cat]) {
      person.reconnecting = true;
      person.client.provider.destroy();
      person.client = connect(p1, person.name, person.token, person.client.doc);
    }
    await Promise.all([bob.client.synced, cat.client.synced]);
    for (const person of [bob, cat]) person.reconnecting = false;
    // Activity on the survivor after the move: everyone writes more, and Fay sees the movers'.
    for (const person of people) writtenBefore.set(person, person.written);
    await waitFor(
      () => people.every((person) => wroteMore(person, 10)) && texts(fay.client.doc).has(`Bob #${writtenBefore.get(bob)! + 5}`) && texts(fay.client.doc).has(`Cat #${writtenBefore.get(cat)! + 5}`),
      10_000,
      'writes from everyone on the survivor',
    );
    writing = false;
    await Promise.all(loops);

    // Everyone converges on the same board, which holds every note anyone wrote or saw.
    const everything = new Set<string>();
    for (const person of people) for (const t of person.seen) everything.add(t);
    for (const person of people) for (let i = 0; i < person.written; i++) everything.add(`${person.name} #${i}`);
    for (const person of people) {
      await waitFor(() => texts(person.client.doc).size === everything.size, 10_000, `${person.name} converges (${everything.size} notes)`);
      expect([...everything].filter((t) => !texts(person.client.doc).has(t)), `${person.name} lost notes`).toEqual([]);
    }
    // Nobody's write was refused along the way.
    for (const person of people) expect(person.client.closes.filter((c) => c.code >= 4000), `${person.name}'s refusals`).toEqual([]);
    const finalState = Y.encodeStateVector(fay.client.doc);
    for (const person of people) expect(Y.encodeStateVector(person.client.doc)).toEqual(finalState);
    // Bob's presence is back, now through p1.
    await waitFor(() => ann.client.provider.awareness.getStates().get(bob.client.doc.clientID)?.name === 'Bob', 5000, 'Ann sees Bob again');

    // Every process dies; a new one loads the same room from PostgreSQL. The clients go only once
    // p1 is dead, so that nothing they still hold can reach the new process (it takes p1's port).
    await t.halt();
    expect(await p1.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await t.closeOpened();
    await t.restart();
    const p3 = t.child;
    const fresh = t.doc(room.roomId, 'board', room.facilitatorToken);
    await fresh.synced;
    expect([...texts(fresh.doc)].sort()).toEqual([...everything].sort());
    // A clean stop with PostgreSQL and Redis (unsubscribe, close connections) exits 0.
    fresh.destroy();
    p3.kill('SIGTERM');
    expect(await p3.exited).toEqual({ code: 0, signal: null });
    console.log(`two-process kill test: ${everything.size} notes written by 4 clients on 2 processes, none lost`);
  }, 60_000);
});
