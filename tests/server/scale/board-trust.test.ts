import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION_KEY } from '@tributary/shared/board/migrations';
import { createNote, setNoteText } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import { mustJoinAs } from '../../helpers/board.ts';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerClients } from '../../helpers/fixture.ts';

/**
 * The board's trust line with two processes on PostgreSQL + Redis, and after a restart: a write
 * refused by one process reaches no client of the other, and is not in storage for the next
 * process to load.
 */

// A is the fixture's server; a replica beside it (B) shares its schema and prefix.
const a = useServer({ storage: 'postgres+redis', config: { unloadAfterMs: 100 } });

async function boardOn(server: ServerClients, roomId: string, token: string): Promise<DocClient> {
  const client = server.doc(roomId, 'board', token);
  await client.synced;
  return client;
}

describe('board trust across processes and restarts', () => {
  test('a rewrite refused on one process never reaches the other, nor the next process to load the room', async () => {
    const b = await a.replica();
    const room = await a.room('Two processes');
    const bob = await mustJoinAs(a.url, room.joinCode, 'Bob');
    const mallory = await b.join(room.joinCode, 'Mallory');

    const bobBoard = await boardOn(a, room.roomId, bob.token);
    const noteId = createNote(bobBoard.doc, { text: 'Bob\'s words', pos: { x: 0, y: 0 }, authorId: bob.participantId, authorName: 'Bob' });
    const attacker = await boardOn(b, room.roomId, mallory);
    await waitFor(() => getNote(attacker.doc, noteId) !== null, 5_000, 'B to carry Bob\'s note');

    setNoteText(attacker.doc, noteId, 'forged');
    notesMap(attacker.doc).set('note_junk', 'boom' as never);
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden), 5_000, 'the attacker to be refused on B');
    attacker.destroy();

    // A client of A, and a fresh process that loads the room from PostgreSQL, see Bob's words only.
    const watcher = await boardOn(a, room.roomId, room.facilitatorToken);
    expect(getNote(watcher.doc, noteId)?.text).toBe('Bob\'s words');
    await a.closeOpened();
    await b.close();
    await a.restart();

    const reloaded = await boardOn(a, room.roomId, room.facilitatorToken);
    expect(getNote(reloaded.doc, noteId)?.text).toBe('Bob\'s words');
    expect(notesMap(reloaded.doc).has('note_junk')).toBe(false);
    expect((await a.request('GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken })).status).toBe(200);
  });

  test('a board stored before the record layer, holding bare values and a forged version, is cleaned when it loads', async () => {
    const room = await a.room('Old board');
    await a.halt();

    // What a client could once write straight into the board, stored as it was then.
    const poison = new Y.Doc();
    poison.getMap('notes').set('note_x', 'boom');
    poison.getMap('areas').set('area_x', 42);
    poison.getMap('meta').set('schemaVersion', 999);
    const { PostgresStorage } = await import('../../../server/src/storage/postgres.ts');
    const storage = await PostgresStorage.open({ connectionString: a.database.url, schema: a.database.schema });
    await storage.appendUpdates(room.roomId, 'board', [Y.encodeStateAsUpdate(poison)]);
    // Made before the version moved to the control document: no version there.
    const control = new Y.Doc();
    const stored = await storage.loadDoc(room.roomId, 'control');
    if (stored.snapshot) Y.applyUpdate(control, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(control, update);
    const before = Y.encodeStateVector(control);
    control.getMap('control').delete(BOARD_SCHEMA_VERSION_KEY);
    await storage.appendUpdates(room.roomId, 'control', [Y.encodeStateAsUpdate(control, before)]);
    await storage.close();

    await a.restart();
    for (const format of ['json', 'csv', 'md']) {
      expect((await a.request('GET', `/api/rooms/${room.roomId}/export?format=${format}`, { token: room.facilitatorToken })).status).toBe(200);
    }
    const member = await a.join(room.joinCode, 'Ann');
    expect((await a.request('POST', `/api/rooms/${room.roomId}/notes`, { token: member, body: { text: 'after' } })).status).toBe(201);
    const board = await boardOn(a, room.roomId, room.facilitatorToken);
    expect(notesMap(board.doc).has('note_x')).toBe(false);
    expect(board.doc.getMap('areas').has('area_x')).toBe(false);
    expect(board.doc.getMap('meta').size).toBe(0);
  });
});
