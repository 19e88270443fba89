import { beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION, BOARD_SCHEMA_VERSION_KEY } from '@tributary/shared/board/migrations';
import { createArea, createNote, deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { areasMap, boardMeta, notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import type { StartOptions } from '../../../server/src/index.ts';
import { closedWithin, encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';
import { mustJoinAs, type NamedParticipant } from '../../helpers/board.ts';
import { command, request, type CreatedRoom } from '../../helpers/server.ts';

/**
 * The board's trust line, attacked from outside with stock y-websocket clients and raw frames
 * (issue 15): each attack a participant (or the facilitator) could once make by writing the
 * `board` document directly is refused whole: applied nowhere, and the writer's socket closed.
 */

let server: ServerFixture;
let room: CreatedRoom;

function person(name: string): Promise<NamedParticipant> {
  return mustJoinAs(server.url, room.joinCode, name);
}

async function board(token: string): Promise<DocClient> {
  const client = server.doc(room.roomId, 'board', token);
  await client.synced;
  return client;
}

/** A note as its author's own client writes it: their id, their name. */
function ownNote(client: DocClient, who: NamedParticipant, text: string): string {
  return createNote(client.doc, { text, pos: { x: 0, y: 0 }, authorId: who.participantId, authorName: who.name });
}

async function refusedWith(client: DocClient, code: number, reason: string): Promise<void> {
  await waitFor(() => client.closes.some((c) => c.code === code && c.reason.startsWith(reason)), 5_000, `close ${code} "${reason}" (closes: ${JSON.stringify(client.closes)})`);
}

/** What the server holds now, read by a new client. */
async function serverBoard(): Promise<Y.Doc> {
  const observer = await board(room.facilitatorToken);
  return observer.doc;
}

/** A fresh server with `config`, and a room on it, for each test of the enclosing describe. */
function serverPerTest(config: StartOptions = {}): void {
  const fixture = useServer({ per: 'test', config });
  beforeEach(async () => {
    server = fixture;
    room = await fixture.room('Trust');
  });
}

describe('participants write only what is theirs', () => {
  serverPerTest();

  test('rewriting or deleting another person\'s note, or emptying the board, is refused and changes nothing', async () => {
    const bob = await person('Bob');
    const mallory = await person('Mallory');
    const bobBoard = await board(bob.token);
    const noteId = ownNote(bobBoard, bob, 'Bob\'s idea');
    const attacker = await board(mallory.token);
    await waitFor(() => getNote(attacker.doc, noteId) !== null, 5_000, 'Mallory to see Bob\'s note');

    setNoteText(attacker.doc, noteId, 'Bob is a liar');
    await refusedWith(attacker, CloseCode.Forbidden, 'not-your-note');
    expect(getNote(await serverBoard(), noteId)?.text).toBe('Bob\'s idea');

    const wiper = await board(mallory.token);
    deleteNotes(wiper.doc, [...notesMap(wiper.doc).keys()]);
    await refusedWith(wiper, CloseCode.Forbidden, 'not-your-note');
    expect(getNote(await serverBoard(), noteId)?.text).toBe('Bob\'s idea');
    // Bob's own copy was never touched either.
    expect(getNote(bobBoard.doc, noteId)?.text).toBe('Bob\'s idea');
  });

  test('an anonymous note cannot be turned into someone\'s note, by a participant or by the facilitator', async () => {
    const people = await Promise.all(['Ann', 'Bob', 'Cy'].map(person));
    for (const p of people) {
      const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: p.token, body: { text: `secret of ${p.name}`, anonymous: true } });
      expect(res.status).toBe(201);
    }
    const mallory = await person('Mallory');
    const attacker = await board(mallory.token);
    await waitFor(() => notesMap(attacker.doc).size === 3, 5_000, 'the released anonymous notes');
    const [noteId] = [...notesMap(attacker.doc).keys()];
    const bob = people[1]!;
    const forge = (doc: Y.Doc) =>
      doc.transact(() => {
        const note = notesMap(doc).get(noteId!)!;
        note.set('anonymous', false);
        note.set('authorName', 'Bob');
        note.set('authorId', bob.participantId);
      });
    forge(attacker.doc);
    await refusedWith(attacker, CloseCode.Forbidden, 'fixed-field');

    const facilitator = await board(room.facilitatorToken);
    await waitFor(() => notesMap(facilitator.doc).size === 3, 5_000, 'the facilitator to see the notes');
    forge(facilitator.doc);
    await refusedWith(facilitator, CloseCode.Forbidden, 'fixed-field');

    const held = getNote(await serverBoard(), noteId!)!;
    expect(held.anonymous).toBe(true);
    expect(held.authorId).toBeUndefined();
    expect(held.authorName).toBeUndefined();
    const exported = await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken });
    expect(JSON.stringify(exported.body)).not.toContain(bob.participantId);
  });

  test('a note that claims someone else\'s id or name, or anonymity, is refused', async () => {
    const bob = await person('Bob');
    const mallory = await person('Mallory');
    const cases: Array<[string, (doc: Y.Doc) => void]> = [
      ['not-your-note', (doc) => createNote(doc, { text: 'as Bob', pos: { x: 0, y: 0 }, authorId: bob.participantId, authorName: 'Mallory' })],
      ['not-your-name', (doc) => createNote(doc, { text: 'as Bob', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Bob' })],
      ['anonymous-by-server', (doc) => createNote(doc, { text: 'anon', pos: { x: 0, y: 0 }, anonymous: true })],
      ['not-your-note', (doc) => createNote(doc, { text: 'nobody\'s', pos: { x: 0, y: 0 } })],
    ];
    for (const [reason, write] of cases) {
      const attacker = await board(mallory.token);
      write(attacker.doc);
      await refusedWith(attacker, CloseCode.Forbidden, reason);
      attacker.destroy();
    }
    expect(notesMap(await serverBoard()).size).toBe(0);
  });

  test('areas are the facilitator\'s; moving others\' notes needs a step that lets people arrange the board', async () => {
    const bob = await person('Bob');
    const mallory = await person('Mallory');
    const bobBoard = await board(bob.token);
    const noteId = ownNote(bobBoard, bob, 'Move me');

    const areaWriter = await board(mallory.token);
    createArea(areaWriter.doc, { title: 'Mine', rect: { x: 0, y: 0, w: 400, h: 400 } });
    await refusedWith(areaWriter, CloseCode.Forbidden, 'facilitator-only');

    const mover = await board(mallory.token);
    await waitFor(() => getNote(mover.doc, noteId) !== null, 5_000, 'the note');
    moveNotes(mover.doc, [{ id: noteId, pos: { x: 500, y: 500 }, areaId: null }]);
    await refusedWith(mover, CloseCode.Forbidden, 'arranging-closed');
    expect(getNote(await serverBoard(), noteId)?.pos).toEqual({ x: 0, y: 0 });

    // A step that lets people arrange the board: the same move is accepted.
    const steps = [{ title: 'Group', prompt: 'Move words that belong together', mode: 'open', arrange: true }];
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps })).status).toBe(200);
    const arranger = await board(mallory.token);
    await waitFor(() => getNote(arranger.doc, noteId) !== null, 5_000, 'the note');
    moveNotes(arranger.doc, [{ id: noteId, pos: { x: 500, y: 500 }, areaId: null }]);
    const facilitatorView = await serverBoard();
    await waitFor(() => getNote(facilitatorView, noteId)?.pos.x === 500, 5_000, 'the move to reach the facilitator');
    expect(arranger.closes.filter((c) => c.code >= 4000)).toEqual([]);
    // Still only where it sits: the text is Bob's.
    setNoteText(arranger.doc, noteId, 'changed');
    await refusedWith(arranger, CloseCode.Forbidden, 'not-your-note');
  });
});

describe('nothing outside the schema', () => {
  serverPerTest();

  test('bare values under notes or areas are refused, and posting and exporting keep working', async () => {
    const mallory = await person('Mallory');
    const attacker = await board(mallory.token);
    notesMap(attacker.doc).set('note_x', 'boom' as never);
    await refusedWith(attacker, CloseCode.Forbidden, 'schema');
    const facilitator = await board(room.facilitatorToken);
    areasMap(facilitator.doc).set('area_x', 42 as never);
    await refusedWith(facilitator, CloseCode.Forbidden, 'schema');
    const nested = await board(room.facilitatorToken);
    nested.doc.transact(() => {
      const note = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ text: 'x', pos: { x: 0, y: 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: 1 })) note.set(k, v);
      note.set('text', new Y.Text('nested') as never);
      notesMap(nested.doc).set('note_nested', note);
    });
    await refusedWith(nested, CloseCode.Forbidden, 'schema');
    const longId = await board(room.facilitatorToken);
    createNote(longId.doc, { text: 'x', pos: { x: 0, y: 0 } }, undefined, `note_${'x'.repeat(100_000)}`);
    await refusedWith(longId, CloseCode.Forbidden, 'schema');
    const other = await board(room.facilitatorToken);
    other.doc.getMap('anything').set('x', 1);
    await refusedWith(other, CloseCode.Forbidden, 'schema');
    const otherRecord = await board(room.facilitatorToken);
    otherRecord.doc.getMap('anything').set('x', new Y.Map());
    await refusedWith(otherRecord, CloseCode.Forbidden, 'server-only');

    expect((await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: mallory.token, body: { text: 'still works' } })).status).toBe(201);
    for (const format of ['json', 'csv', 'md']) {
      expect((await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=${format}`, { token: room.facilitatorToken })).status).toBe(200);
    }
    const held = await serverBoard();
    expect([...notesMap(held).values()].every((v) => v instanceof Y.Map)).toBe(true);
    expect(held.share.has('anything')).toBe(false);
  });

  test('the schema version lives where only the server writes: setting it in the board is refused', async () => {
    const facilitator = await board(room.facilitatorToken);
    boardMeta(facilitator.doc).set('schemaVersion', 999);
    await refusedWith(facilitator, CloseCode.Forbidden, 'schema');
    const control = server.doc(room.roomId, 'control', room.facilitatorToken);
    await control.synced;
    expect(control.doc.getMap('control').get(BOARD_SCHEMA_VERSION_KEY)).toBe(BOARD_SCHEMA_VERSION);
    control.doc.getMap('control').set(BOARD_SCHEMA_VERSION_KEY, 999);
    await waitFor(() => control.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('server-only')), 5_000, 'the control write to be refused');
    expect(boardMeta(await serverBoard()).get('schemaVersion')).toBeUndefined();
  });
});

describe('history the server does not have', () => {
  serverPerTest();

  test('an update whose dependencies are missing is refused, never kept, and never reaches a joiner', async () => {
    const bob = await person('Bob');
    const local = new Y.Doc();
    const noteId = createNote(local, { text: 'first', pos: { x: 0, y: 0 }, authorId: bob.participantId, authorName: 'Bob' });
    const before = Y.encodeStateVector(local);
    setNoteText(local, noteId, 'x'.repeat(900));
    // Only the second change: it builds on a note the server never received.
    const orphan = Y.encodeStateAsUpdate(local, before);

    const socket = server.raw({ roomId: room.roomId, docName: 'board', token: bob.token });
    await socket.opened;
    socket.ws.send(encodeSyncStep1(new Y.Doc()));
    // Its answer to the server's sync step 1, as a stock client sends it: nothing new.
    socket.ws.send(encodeSyncStep2(new Y.Doc()));
    socket.ws.send(encodeUpdateMessage(orphan));
    const closed = await closedWithin(socket, 5_000, 'orphan update');
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('missing-history')).toBe(true);

    const roomNow = await server.app.sync.getRoom(room.roomId);
    const store = roomNow.doc('board').store;
    expect(store.pendingStructs).toBeNull();
    expect(store.pendingDs).toBeNull();
    const joiner = await serverBoard();
    expect(Y.encodeStateAsUpdate(joiner).byteLength).toBeLessThan(200);
    expect(JSON.stringify(joiner.toJSON())).not.toContain('xxxx');
  });
});

describe('an honest client coming back online', () => {
  serverPerTest();

  test('a change made the moment it reconnects, on top of notes written offline, is not refused', async () => {
    const ann = await person('Ann');
    const annBoard = await board(ann.token);
    annBoard.provider.disconnect();
    const offline = ownNote(annBoard, ann, 'written on the bus');
    // The first change after the socket opens goes out before the client's answer to the
    // server's sync step 1, which carries the offline note it builds on.
    const onStatus = ({ status }: { status: string }) => {
      if (status !== 'connected') return;
      annBoard.provider.off('status', onStatus);
      setNoteText(annBoard.doc, offline, 'written on the bus, then changed');
    };
    annBoard.provider.on('status', onStatus);
    annBoard.provider.connect();
    const held = await serverBoard();
    await waitFor(() => getNote(held, offline)?.text === 'written on the bus, then changed', 5_000, 'the offline note and its change to arrive');
    expect(annBoard.closes.filter((c) => c.code >= 4000)).toEqual([]);
  });
});

describe('locking refuses writes; it does not hold them', () => {
  serverPerTest();

  test('a delete sent while the board is locked is refused and not applied on unlock', async () => {
    const bob = await person('Bob');
    const bobBoard = await board(bob.token);
    const noteId = ownNote(bobBoard, bob, 'keep me');
    const facilitatorView = await serverBoard();
    await waitFor(() => getNote(facilitatorView, noteId) !== null, 5_000, 'the note to be stored');
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.lock' })).status).toBe(200);

    // A raw socket: it will not come back and send its change again.
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(bobBoard.doc));
    const before = Y.encodeStateVector(local);
    deleteNotes(local, [noteId]);
    const socket = server.raw({ roomId: room.roomId, docName: 'board', token: bob.token });
    await socket.opened;
    socket.ws.send(encodeUpdateMessage(Y.encodeStateAsUpdate(local, before)));
    const closed = await closedWithin(socket, 5_000, 'delete while locked');
    expect(closed.code).toBe(CloseCode.Forbidden);
    expect(closed.reason.startsWith('locked')).toBe(true);
    bobBoard.destroy();

    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.unlock' })).status).toBe(200);
    const after = await serverBoard();
    expect(getNote(after, noteId)?.text).toBe('keep me');
  });
});

describe('caps per person and per room', () => {
  describe('five notes a person', () => {
    serverPerTest({ board: { maxNotesPerPerson: 5 } });
    test('a participant past their note cap is refused with 4413; the room carries on', async () => {
      const mallory = await person('Mallory');
      const attacker = await board(mallory.token);
      for (let i = 0; i < 5; i++) ownNote(attacker, mallory, `note ${i}`);
      const held = await serverBoard();
      await waitFor(() => notesMap(held).size === 5, 5_000, 'five notes');
      ownNote(attacker, mallory, 'one too many');
      await refusedWith(attacker, CloseCode.TooLarge, 'too-many-notes');
      expect(notesMap(held).size).toBe(5);
      const ann = await person('Ann');
      expect((await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: ann.token, body: { text: 'hello' } })).status).toBe(201);
    });
  });

  describe('three notes a person, 32 KiB a room', () => {
    serverPerTest({ board: { maxNotesPerPerson: 3, maxDocumentBytes: 32 * 1024 } });
    test('the same caps hold for notes posted through the server', async () => {
      const ann = await person('Ann');
      const post = (token: string, text: string) => request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text } });
      for (let i = 0; i < 3; i++) expect((await post(ann.token, `note ${i}`)).status).toBe(201);
      const over = await post(ann.token, 'one too many');
      expect(over.status).toBe(413);
      expect(over.body.code).toBe('TRIB_PERSON_CAP');
      // The facilitator fills the board; then nobody can add to it.
      let status = 201;
      for (let i = 0; i < 100 && status === 201; i++) status = (await post(room.facilitatorToken, 'x'.repeat(1000))).status;
      expect(status).toBe(413);
      const bob = await person('Bob');
      const full = await post(bob.token, 'y'.repeat(1000));
      expect(full.status).toBe(413);
      expect(full.body.code).toBe('TRIB_BOARD_FULL');
    });
  });

  describe('64 KiB a room', () => {
    serverPerTest({ board: { maxDocumentBytes: 64 * 1024 } });
    test('a room that would grow past its size cap refuses the update with 4413', async () => {
      const facilitator = await board(room.facilitatorToken);
      for (let i = 0; i < 100 && facilitator.closes.length === 0; i++) {
        createArea(facilitator.doc, { title: `Area ${i}`, rect: { x: i * 10, y: 0, w: 400, h: 400 }, description: 'd'.repeat(1000) });
        await new Promise((resolve) => setImmediate(resolve));
      }
      await refusedWith(facilitator, CloseCode.TooLarge, 'room-full');
      // A full room still lets people in and shows them the board.
      const ann = await person('Ann');
      const joiner = await board(ann.token);
      expect(areasMap(joiner.doc).size).toBeGreaterThan(0);
      const roomNow = await server.app.sync.getRoom(room.roomId);
      expect(Y.encodeStateAsUpdate(roomNow.doc('board')).byteLength).toBeLessThan(64 * 1024);
    });
  });
});

describe('refusals are counted', () => {
  serverPerTest();

  test('/metrics counts refused writes by reason', async () => {
    const mallory = await person('Mallory');
    const attacker = await board(mallory.token);
    createArea(attacker.doc, { title: 'Mine', rect: { x: 0, y: 0, w: 400, h: 400 } });
    await refusedWith(attacker, CloseCode.Forbidden, 'facilitator-only');
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/tributary_writes_refused_total\{doc="board",reason="facilitator-only"\} [1-9]/);
  });
});
