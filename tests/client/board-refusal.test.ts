import { beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createNote, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { controlMap } from '@tributary/shared/control/state';
import { CloseCode } from '@tributary/shared/protocol';
import { RoomClient } from '../../client/src/sync/RoomClient.ts';
import { REFUSAL_LOOP_WINDOW_MS, RefusalLoopGuard, refusedWriteFromClose } from '../../client/src/sync/boardRefusal.ts';
import { loadDraft } from '../../client/src/sync/drafts.ts';
import { waitFor, type DocClient } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';
import { join, type CreatedRoom } from '../helpers/server.ts';
import { MemoryStorage } from '../helpers/memoryStorage.ts';

/**
 * Issue 15: an honest client the server refuses in a race (the facilitator pauses the board
 * while a person is dragging or typing) drops the refused change, loads the board again,
 * converges with everyone, and keeps what the person typed.
 */

const server = useServer({ per: 'test' });
let room: CreatedRoom;

beforeEach(async () => {
  (globalThis as { localStorage?: Storage }).localStorage = new MemoryStorage();
  // Deferred first, so it runs last: after the fixture has closed this test's clients.
  server.defer(() => delete (globalThis as { localStorage?: Storage }).localStorage);
  room = await server.room('Race');
});

async function participantClient(name: string): Promise<{ client: RoomClient; participantId: string }> {
  const res = await join(server.url, room.joinCode, name);
  expect(res.status).toBe(200);
  const { participantToken, participantId } = res.body as unknown as { participantToken: string; participantId: string };
  const client = new RoomClient({
    session: { roomId: room.roomId, token: participantToken, role: 'participant', participantId, name },
    serverUrl: server.wsUrl,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  server.defer(() => client.destroy());
  await waitFor(() => client.connection.get().synced, 5_000, `${name}'s client to sync`);
  return { client, participantId };
}

async function observer(): Promise<DocClient> {
  const client = server.doc(room.roomId, 'board', room.facilitatorToken);
  await client.synced;
  return client;
}

const notesOf = (doc: Y.Doc) => JSON.stringify(notesMap(doc).toJSON());

describe('an honest client refused in a race', () => {
  test('the lock lands mid-drag and mid-edit: the client drops its change, converges with everyone, and keeps the typed text as a draft', async () => {
    const { client, participantId } = await participantClient('Ann');
    const noteId = createNote(client.board, { text: 'Buses after ten', pos: { x: 0, y: 0 }, authorId: participantId, authorName: 'Ann' });
    const everyone = await observer();
    await waitFor(() => getNote(everyone.doc, noteId) !== null, 5_000, 'everyone to see Ann\'s note');
    expect(client.boardRights().moveNote(getNote(client.board, noteId)!)).toBe(true);

    // Ann's screen allowed the drag and the edit a moment ago; the lock reaches the server first.
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'board.lock' })).status).toBe(200);
    const refusedDoc = client.board;
    client.board.transact(() => {
      moveNotes(client.board, [{ id: noteId, pos: { x: 400, y: 300 }, areaId: null }]);
      setNoteText(client.board, noteId, 'Buses after ten, and on Sundays');
    });

    await waitFor(() => client.boardRefusal.get()?.kept.length === 1, 5_000, 'the refusal, with the typed text kept');
    const notice = client.boardRefusal.get()!;
    expect(notice.label).toBe('locked');
    expect(notice.final).toBe(false);
    expect(notice.message).toBe('The facilitator has paused changes to the board for now.');
    expect(notice.kept).toEqual([{ noteId, text: 'Buses after ten, and on Sundays' }]);
    expect(loadDraft(room.roomId)).toBe('Buses after ten, and on Sundays');

    // A fresh document, back in step with everyone: the refused change is nowhere.
    expect(client.board).not.toBe(refusedDoc);
    await waitFor(() => client.connection.get().synced, 5_000, 'the client to sync again');
    expect(getNote(client.board, noteId)).toMatchObject({ text: 'Buses after ten', pos: { x: 0, y: 0 } });
    expect(notesOf(client.board)).toBe(notesOf(everyone.doc));
    expect(notesOf(client.board)).toBe(notesOf((await observer()).doc));
    // The views' store reads the new board too.
    expect(client.boardStore.get().notes.get(noteId)?.text).toBe('Buses after ten');
    // While paused, the client no longer offers the change.
    await waitFor(() => controlMap(client.control).get('locked') === true, 5_000, 'the client to see the lock');
    expect(client.boardRights().editNote(getNote(client.board, noteId)!)).toBe(false);

    // Once the board opens again, Ann's next change goes through on the fresh connection.
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'board.unlock' })).status).toBe(200);
    await waitFor(() => client.boardRights().editNote(getNote(client.board, noteId)!), 5_000, 'the client to see the board open');
    setNoteText(client.board, noteId, 'Buses after ten, and on Sundays');
    await waitFor(() => getNote(everyone.doc, noteId)?.text === 'Buses after ten, and on Sundays', 5_000, 'everyone to see the edit');
    expect(client.connection.get().status).toBe('connected');
  });

  test('a refusal on the control document stays final', async () => {
    const { client } = await participantClient('Bo');
    controlMap(client.control).set('locked', false);
    await waitFor(() => client.connection.get().status === 'closed', 5_000, 'the client to stop');
    expect(client.connection.get().closeCode).toBe(CloseCode.Forbidden);
    expect(client.boardRefusal.get()).toBeNull();
  });
});

describe('reading a refusal', () => {
  test('only a board refusal label counts; anything else stays a final close', () => {
    expect(refusedWriteFromClose(CloseCode.Forbidden, 'locked: The facilitator has paused changes to the board for now.')).toEqual({
      label: 'locked',
      message: 'The facilitator has paused changes to the board for now.',
    });
    expect(refusedWriteFromClose(CloseCode.TooLarge, 'room-full: This board is full: nothing more can be added to it.')?.label).toBe('room-full');
    expect(refusedWriteFromClose(CloseCode.Forbidden, 'missing-history: out of step')?.label).toBe('missing-history');
    expect(refusedWriteFromClose(CloseCode.TooLarge, 'message too large')).toBeNull();
    expect(refusedWriteFromClose(CloseCode.Forbidden, 'token revoked')).toBeNull();
    expect(refusedWriteFromClose(CloseCode.Forbidden, 'toString: x')).toBeNull();
    expect(refusedWriteFromClose(CloseCode.Unauthorized, 'locked: paused')).toBeNull();
  });

  test('the same refusal again within a few seconds is a loop; later, or another reason, is a new race', () => {
    let now = 0;
    const guard = new RefusalLoopGuard(() => now);
    const locked = { label: 'locked' as const, message: '' };
    expect(guard.repeats(locked)).toBe(false);
    now += 1_000;
    expect(guard.repeats(locked)).toBe(true);
    now += REFUSAL_LOOP_WINDOW_MS;
    expect(guard.repeats(locked)).toBe(false);
    now += 10;
    expect(guard.repeats({ label: 'not-your-note', message: '' })).toBe(false);
  });
});
