import { beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createNote } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import { closedWithin, encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { join, type CreatedRoom } from '../../helpers/server.ts';

/**
 * A map key holds the last of the values written to it, but "last" is Yjs' order, not the order
 * of the update's bytes: two writes to one key where neither is written after the other are put
 * in order by client id, and a value the same update deletes leaves the key empty. An update can
 * carry such writes (hand-made, or two client ids merged into one), so the server checks every
 * value a field may be left with, not only the last one it read. Each attack here was accepted
 * before (a participant could forge a note's author or anonymity, or break its record), and is
 * refused whole now: applied nowhere, the socket closed.
 */

const server = useServer({ per: 'test' });
let room: CreatedRoom;

beforeEach(async () => {
  room = await server.room('Concurrent writes');
});

async function person(name: string): Promise<{ token: string; participantId: string; name: string }> {
  const res = await join(server.url, room.joinCode, name);
  expect(res.status).toBe(200);
  const body = res.body as unknown as { participantToken: string; participantId: string };
  return { token: body.participantToken, participantId: body.participantId, name };
}

async function board(token: string): Promise<DocClient> {
  const client = server.doc(room.roomId, 'board', token);
  await client.synced;
  return client;
}

/** Sends one update as a raw client would, after the sync handshake, and returns how the socket was closed. */
async function sendUpdate(token: string, update: Uint8Array): Promise<{ code: number; reason: string }> {
  const socket = server.raw({ roomId: room.roomId, docName: 'board', token });
  await socket.opened;
  socket.ws.send(encodeSyncStep1(new Y.Doc()));
  socket.ws.send(encodeSyncStep2(new Y.Doc()));
  socket.ws.send(encodeUpdateMessage(update));
  return closedWithin(socket, 5_000, 'attack update');
}

/**
 * A new note written by hand, as one client: the note's map under `notes`, then each field with
 * the map named as its parent and no neighbour, so no write is after another.
 */
function handMadeNote(client: number, noteId: string, fields: Array<[string, unknown]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1 + fields.length);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8(e, 7 | 32); // a type, with a key
  encoding.writeVarUint(e, 1); // parent: a root, by name
  encoding.writeVarString(e, 'notes');
  encoding.writeVarString(e, noteId);
  encoding.writeVarUint(e, 1); // Y.Map
  for (const [key, value] of fields) {
    encoding.writeUint8(e, 8 | 32); // plain values, with a key
    encoding.writeVarUint(e, 0); // parent: an item, by id
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, key);
    encoding.writeVarUint(e, 1);
    encoding.writeAny(e, value as never);
  }
  encoding.writeVarUint(e, 0); // nothing deleted
  return encoding.toUint8Array(e);
}

/** An update that only deletes (client, clock). */
function deletion(client: number, clock: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clock);
  encoding.writeVarUint(e, 1);
  return encoding.toUint8Array(e);
}

describe('every value an update may leave in a field is checked', () => {
  test('a new note that names its writer second and Bob first keeps Bob: refused', async () => {
    const bob = await person('Bob');
    const mallory = await person('Mallory');
    const update = handMadeNote(77, 'note_forged', [
      ['text', 'Bob wrote this, honest'],
      ['pos', { x: 0, y: 0 }],
      ['color', 'yellow'],
      ['areaId', null],
      ['anonymous', false],
      ['createdAt', 1],
      ['authorId', bob.participantId], // the first write to the key is the one Yjs keeps
      ['authorId', mallory.participantId],
    ]);
    // What Yjs makes of it: the note is Bob's.
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    expect(notesMap(probe).get('note_forged')!.get('authorId')).toBe(bob.participantId);

    const closed = await sendUpdate(mallory.token, update);
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('not-your-note')).toBe(true);
    expect(notesMap((await board(room.facilitatorToken)).doc).has('note_forged')).toBe(false);
  });

  test('a second client id in the same update turning a new note anonymous: refused', async () => {
    const mallory = await person('Mallory');
    const first = new Y.Doc();
    first.clientID = 100;
    const second = new Y.Doc();
    second.clientID = 200;
    const noteId = createNote(first, { text: 'looks like mine', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory' });
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    notesMap(second).get(noteId)!.set('anonymous', true);
    // Merged, the second client's write comes first in the bytes, before the note it writes into.
    const update = Y.mergeUpdates([Y.encodeStateAsUpdate(first), Y.encodeStateAsUpdate(second, Y.encodeStateVector(first))]);
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    expect(notesMap(probe).get(noteId)!.get('anonymous')).toBe(true);

    const closed = await sendUpdate(mallory.token, update);
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('anonymous-by-server')).toBe(true);
    expect(notesMap((await board(room.facilitatorToken)).doc).has(noteId)).toBe(false);
  });

  test('two texts set at once on one\'s own note, the one Yjs keeps outside the schema: refused', async () => {
    const mallory = await person('Mallory');
    const own = await board(mallory.token);
    const noteId = createNote(own.doc, { text: 'mine', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory' });
    const facilitator = await board(room.facilitatorToken);
    await waitFor(() => getNote(facilitator.doc, noteId) !== null, 5_000, 'the note to reach the server');
    const base = Y.encodeStateAsUpdate(own.doc);
    const low = new Y.Doc();
    low.clientID = 1;
    const high = new Y.Doc();
    high.clientID = 2 ** 31;
    Y.applyUpdate(low, base);
    Y.applyUpdate(high, base);
    notesMap(low).get(noteId)!.set('text', 'a fine text');
    notesMap(high).get(noteId)!.set('text', 42 as never);
    const update = Y.mergeUpdates([Y.encodeStateAsUpdate(low, Y.encodeStateVector(own.doc)), Y.encodeStateAsUpdate(high, Y.encodeStateVector(own.doc))]);
    const probe = new Y.Doc();
    Y.applyUpdate(probe, base);
    Y.applyUpdate(probe, update);
    expect(notesMap(probe).get(noteId)!.get('text')).toBe(42);

    const closed = await sendUpdate(mallory.token, update);
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('schema')).toBe(true);
    expect(getNote((await board(room.facilitatorToken)).doc, noteId)?.text).toBe('mine');
  });

  test('a new note whose text the same update deletes: refused', async () => {
    const mallory = await person('Mallory');
    const local = new Y.Doc();
    local.clientID = 300;
    const noteId = createNote(local, { text: 'gone at once', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory' });
    // The note's map is clock 0, its text (the first field written) clock 1.
    const update = Y.mergeUpdates([Y.encodeStateAsUpdate(local), deletion(300, 1)]);
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    expect(notesMap(probe).get(noteId)!.has('text')).toBe(false);

    const closed = await sendUpdate(mallory.token, update);
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('schema')).toBe(true);
    expect(notesMap((await board(room.facilitatorToken)).doc).has(noteId)).toBe(false);
  });
});
