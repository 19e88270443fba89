import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION_KEY } from '@tributary/shared/board/migrations';
import { createNote, setNoteText } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import type { RunningServer } from '../../../server/src/index.ts';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { join, mustCreateRoom, request, toWsUrl } from '../../helpers/server.ts';
import { freshRedisPrefix, freshSchema, startReplica, type PgSchema, type RedisPrefix } from './backends.ts';

/**
 * The board's trust line with two processes on PostgreSQL + Redis, and after a restart: a write
 * refused by one process reaches no client of the other, and is not in storage for the next
 * process to load.
 */

let db: PgSchema;
let redis: RedisPrefix;
const servers: RunningServer[] = [];
const clients: DocClient[] = [];

function replica(): Promise<RunningServer> {
  return startReplica(db, redis, { unloadAfterMs: 100 }).then((server) => {
    servers.push(server);
    return server;
  });
}

async function boardOn(server: RunningServer, roomId: string, token: string): Promise<DocClient> {
  const client = connectDoc(toWsUrl(server.url), roomId, 'board', token);
  clients.push(client);
  await client.synced;
  return client;
}

beforeAll(async () => {
  db = await freshSchema();
  redis = await freshRedisPrefix();
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  await db?.drop();
  await redis?.drop();
});

describe('board trust across processes and restarts', () => {
  test('a rewrite refused on one process never reaches the other, nor the next process to load the room', async () => {
    const a = await replica();
    const b = await replica();
    const room = await mustCreateRoom(a.url, 'Two processes');
    const bob = (await join(a.url, room.joinCode, 'Bob')).body as unknown as { participantToken: string; participantId: string };
    const mallory = (await join(b.url, room.joinCode, 'Mallory')).body as unknown as { participantToken: string };

    const bobBoard = await boardOn(a, room.roomId, bob.participantToken);
    const noteId = createNote(bobBoard.doc, { text: 'Bob\'s words', pos: { x: 0, y: 0 }, authorId: bob.participantId, authorName: 'Bob' });
    const attacker = await boardOn(b, room.roomId, mallory.participantToken);
    await waitFor(() => getNote(attacker.doc, noteId) !== null, 5_000, 'B to carry Bob\'s note');

    setNoteText(attacker.doc, noteId, 'forged');
    notesMap(attacker.doc).set('note_junk', 'boom' as never);
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden), 5_000, 'the attacker to be refused on B');
    attacker.destroy();

    // A client of A, and a fresh process that loads the room from PostgreSQL, see Bob's words only.
    const watcher = await boardOn(a, room.roomId, room.facilitatorToken);
    expect(getNote(watcher.doc, noteId)?.text).toBe('Bob\'s words');
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();

    const c = await replica();
    const reloaded = await boardOn(c, room.roomId, room.facilitatorToken);
    expect(getNote(reloaded.doc, noteId)?.text).toBe('Bob\'s words');
    expect(notesMap(reloaded.doc).has('note_junk')).toBe(false);
    expect((await request(c.url, 'GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken })).status).toBe(200);
  });

  test('a board stored before the record layer, holding bare values and a forged version, is cleaned when it loads', async () => {
    const server = await replica();
    const room = await mustCreateRoom(server.url, 'Old board');
    for (const s of servers.splice(0)) await s.close();

    // What a client could once write straight into the board, stored as it was then.
    const poison = new Y.Doc();
    poison.getMap('notes').set('note_x', 'boom');
    poison.getMap('areas').set('area_x', 42);
    poison.getMap('meta').set('schemaVersion', 999);
    const { PostgresStorage } = await import('../../../server/src/storage/postgres.ts');
    const storage = await PostgresStorage.open({ connectionString: db.url, schema: db.schema });
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

    const next = await replica();
    for (const format of ['json', 'csv', 'md']) {
      expect((await request(next.url, 'GET', `/api/rooms/${room.roomId}/export?format=${format}`, { token: room.facilitatorToken })).status).toBe(200);
    }
    const member = (await join(next.url, room.joinCode, 'Ann')).body as unknown as { participantToken: string };
    expect((await request(next.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: member.participantToken, body: { text: 'after' } })).status).toBe(201);
    const board = await boardOn(next, room.roomId, room.facilitatorToken);
    expect(notesMap(board.doc).has('note_x')).toBe(false);
    expect(board.doc.getMap('areas').has('area_x')).toBe(false);
    expect(board.doc.getMap('meta').size).toBe(0);
  });
});
