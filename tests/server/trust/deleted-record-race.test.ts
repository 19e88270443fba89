import { beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createArea, createNote, deleteAreas, deleteNotes, moveNotes, setAreaDescription, setAreaRect, setAreaTitle, setNoteText } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { mustJoinAs, type NamedParticipant } from '../../helpers/board.ts';
import type { CreatedRoom } from '../../helpers/server.ts';

/**
 * An edit racing a deletion (issue 18, H7's convergence run): one device changes a note or an
 * area another device has just deleted. The server has collected the deleted record, and what the
 * late edit writes into it changes nothing anyone can see; the editor must not be refused (and
 * told their change does not fit the board), and everyone must converge. Aiming at a deleted
 * record must not become a way around the rules: writing into a live record one may not edit is
 * still refused, and nothing written into a deleted one reaches anyone.
 */

const MARK = 'SMUGGLED';

const server = useServer({ per: 'test' });
let room: CreatedRoom;

beforeEach(async () => {
  room = await server.room('Race');
});

function person(name: string): Promise<NamedParticipant> {
  return mustJoinAs(server.url, room.joinCode, name);
}

async function board(token: string): Promise<DocClient> {
  const client = server.doc(room.roomId, 'board', token);
  await client.synced;
  return client;
}

const boardJson = (client: DocClient): string => JSON.stringify({ notes: notesMap(client.doc).toJSON(), areas: areasMap(client.doc).toJSON() });

/** Takes `client` offline and waits until the server no longer counts it in the room. */
async function offline(client: DocClient): Promise<void> {
  client.provider.disconnect();
  await waitFor(() => !client.provider.wsconnected, 5_000, 'the client offline');
}

/** What a newcomer gets from the server now. */
async function fromServer(): Promise<DocClient> {
  return board(room.facilitatorToken);
}

/** Brings `client` back and waits until it and `others` hold the same board. */
async function backAndConverged(client: DocClient, others: DocClient[]): Promise<void> {
  client.provider.connect();
  await waitFor(() => client.provider.synced, 5_000, 'the late editor synced again');
  await waitFor(() => others.every((other) => boardJson(other) === boardJson(client)), 5_000, 'every client to hold the same board');
}

const refusals = (client: DocClient) => client.closes.filter((close) => close.code === CloseCode.Forbidden || close.code === CloseCode.Malformed);

describe('an edit that races a deletion', () => {
  test('a participant who edits and moves their note the facilitator just deleted is not refused, and all converge', async () => {
    const ann = await person('Ann');
    const facilitator = await board(room.facilitatorToken);
    const annBoard = await board(ann.token);
    const areaId = createArea(facilitator.doc, { title: 'Ideas', rect: { x: 0, y: 0, w: 400, h: 400 } });
    const noteId = createNote(annBoard.doc, { text: 'first', pos: { x: 10, y: 10 }, authorId: ann.participantId, authorName: ann.name });
    await waitFor(() => getNote(facilitator.doc, noteId) !== null && areasMap(annBoard.doc).has(areaId), 5_000, 'both to see the note and the area');

    // Ann's phone loses the connection just before the facilitator deletes her note.
    await offline(annBoard);
    deleteNotes(facilitator.doc, [noteId]);
    await waitFor(async () => getNote((await fromServer()).doc, noteId) === null, 5_000, 'the server to hold the deletion');
    setNoteText(annBoard.doc, noteId, 'second thoughts');
    moveNotes(annBoard.doc, [{ id: noteId, pos: { x: 50, y: 60 }, areaId }]);

    await backAndConverged(annBoard, [facilitator, await fromServer()]);
    expect(refusals(annBoard)).toEqual([]);
    expect(getNote(annBoard.doc, noteId)).toBeNull();
  });

  test('the facilitator editing an area on one device while deleting it on another is not refused, and all converge', async () => {
    const desk = await board(room.facilitatorToken);
    const tablet = await board(room.facilitatorToken);
    const areaId = createArea(desk.doc, { title: 'Ideas', rect: { x: 0, y: 0, w: 400, h: 400 } });
    await waitFor(() => areasMap(tablet.doc).has(areaId), 5_000, 'the tablet to see the area');

    await offline(tablet);
    deleteAreas(desk.doc, [areaId]);
    await waitFor(async () => !areasMap((await fromServer()).doc).has(areaId), 5_000, 'the server to hold the deletion');
    setAreaTitle(tablet.doc, areaId, 'Better ideas');
    setAreaDescription(tablet.doc, areaId, 'what we keep');
    setAreaRect(tablet.doc, areaId, { x: 20, y: 20, w: 500, h: 300 });

    await backAndConverged(tablet, [desk, await fromServer()]);
    expect(refusals(tablet)).toEqual([]);
    expect(areasMap(tablet.doc).has(areaId)).toBe(false);
  });
});

describe('aiming at a deleted record opens no way around the rules', () => {
  test('writing into a live note of someone else is still refused', async () => {
    const ann = await person('Ann');
    const mallory = await person('Mallory');
    const annBoard = await board(ann.token);
    const noteId = createNote(annBoard.doc, { text: 'Ann\'s', pos: { x: 0, y: 0 }, authorId: ann.participantId, authorName: ann.name });
    const attacker = await board(mallory.token);
    await waitFor(() => getNote(attacker.doc, noteId) !== null, 5_000, 'Mallory to see Ann\'s note');
    // A key the note never had: Yjs names its parent (the note) outright, the path a deleted parent takes.
    (notesMap(attacker.doc).get(noteId) as Y.Map<unknown>).set('extra', MARK);
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden), 5_000, `Mallory refused (closes: ${JSON.stringify(attacker.closes)})`);
    expect(JSON.stringify(notesMap((await fromServer()).doc).toJSON())).not.toContain(MARK);
  });

  test('content written into a deleted note, bare or nested, reaches nobody and brings nothing back', async () => {
    const mallory = await person('Mallory');
    const attacker = await board(mallory.token);
    const noteId = createNote(attacker.doc, { text: 'mine', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: mallory.name });
    const facilitator = await board(room.facilitatorToken);
    await waitFor(() => getNote(facilitator.doc, noteId) !== null, 5_000, 'the facilitator to see the note');

    await offline(attacker);
    deleteNotes(facilitator.doc, [noteId]);
    await waitFor(async () => getNote((await fromServer()).doc, noteId) === null, 5_000, 'the server to hold the deletion');
    attacker.doc.transact(() => {
      const note = notesMap(attacker.doc).get(noteId) as Y.Map<unknown>;
      // Fields no note may have, values no field may hold, a nested map: each refused in a live note.
      note.set('extra', MARK);
      note.set('text', { nested: MARK });
      const nested = new Y.Map<unknown>();
      note.set('deep', nested);
      nested.set('inside', MARK);
      note.set('authorId', 'someone-else');
    });

    await backAndConverged(attacker, [facilitator]);
    const newcomer = await fromServer();
    for (const client of [facilitator, newcomer]) {
      expect(getNote(client.doc, noteId)).toBeNull();
      expect(Buffer.from(Y.encodeStateAsUpdate(client.doc)).toString('latin1')).not.toContain(MARK);
    }
  });
});
