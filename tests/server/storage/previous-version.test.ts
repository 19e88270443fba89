import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';
import { PREVIOUS_VERSION_DB, PREVIOUS_VERSION_MANIFEST, type PreviousVersionManifest } from '../../fixtures/previousVersion.ts';

/**
 * A database saved by the previous version (tests/fixtures/previous-version, made by
 * scripts/make-previous-version-fixture.ts) opens in today's server: the same room, board,
 * control state, held notes, votes and tokens, and the room keeps working. A change to the
 * storage schema or its migrations that loses or misreads anything an older database holds
 * fails here.
 */

const manifest = JSON.parse(fs.readFileSync(PREVIOUS_VERSION_MANIFEST, 'utf8')) as PreviousVersionManifest;
const { roomId, facilitatorToken } = manifest;
type Person = PreviousVersionManifest['participants'][number];
const [ada, ben, cy, unnamed] = manifest.participants as [Person, Person, Person, Person];

// Each test opens a copy: the server migrates the file it opens, and the saved database must stay
// as the old version left it.
const server = useServer({
  per: 'test',
  prepareDataDir: (dataDir) => fs.copyFileSync(PREVIOUS_VERSION_DB, path.join(dataDir, 'tributary.sqlite')),
});

async function connect(s: ServerFixture, docName: 'board' | 'control', token: string): Promise<DocClient> {
  const client = s.doc(roomId, docName, token);
  await client.synced;
  return client;
}

const boardJson = (doc: Y.Doc) => ({ notes: doc.getMap('notes').toJSON(), areas: doc.getMap('areas').toJSON() });
const noteTexts = (doc: Y.Doc): string[] => Object.values(doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text);
const post = (s: ServerFixture, token: string, body: Record<string, unknown>) => s.request('POST', `/api/rooms/${roomId}/notes`, { token, body });
const withKey = (s: ServerFixture, method: string, noteId: string, editKey: string, body?: unknown) =>
  s.request(method, `/api/rooms/${roomId}/notes/${noteId}`, { headers: { 'x-edit-key': editKey }, ...(body === undefined ? {} : { body }) });

describe('a database saved by the previous version', () => {
  test('serves the same room, board, control state, held notes and votes, to the same tokens', async () => {
    const { links: _links, ...room } = manifest.room;
    const info = await server.request('GET', `/api/rooms/${roomId}`, { token: facilitatorToken });
    expect(info.status, info.text).toBe(200);
    expect(info.body).toMatchObject(room);

    const fBoard = await connect(server, 'board', facilitatorToken);
    const fControl = await connect(server, 'control', facilitatorToken);
    expect(boardJson(fBoard.doc)).toEqual(manifest.board);
    expect(fControl.doc.getMap('control').toJSON()).toEqual(manifest.control);
    // Participants' tokens still open the room, and they see the same board.
    const adaBoard = await connect(server, 'board', ada.token);
    expect(boardJson(adaBoard.doc)).toEqual(manifest.board);

    for (const person of manifest.participants) {
      const votes = await server.request('GET', `/api/rooms/${roomId}/votes`, { token: person.token });
      expect(votes.status).toBe(200);
      expect(votes.body, `votes as ${person.name ?? 'the unnamed person'}`).toEqual(manifest.votes[person.token]);
    }

    const exported = await server.request('GET', `/api/rooms/${roomId}/export?format=json`, { token: facilitatorToken });
    expect(exported.status, exported.text).toBe(200);
    expect({ ...exported.body, exportedAt: null }).toEqual({ ...manifest.export, exportedAt: null });

    // Held notes are still held, off the board, and their authors' keys still open them.
    for (const [note, status] of [[manifest.pendingNote, 'pending'], [manifest.sealedNote, 'sealed']] as const) {
      const own = await withKey(server, 'GET', note.noteId, note.editKey);
      expect(own.status, own.text).toBe(200);
      expect(own.body).toMatchObject({ status, text: note.text });
      expect(noteTexts(fBoard.doc)).not.toContain(note.text);
    }
    expect(fBoard.doc.getMap('notes').has(manifest.hiddenNoteId)).toBe(false);
  });

  test('keeps working: held notes come out, new notes and votes go in, and all of it survives a restart', async () => {
    const fBoard = await connect(server, 'board', facilitatorToken);
    const ok = async (res: Promise<{ status: number; text: string }>, what: string) => expect((await res).status, what).toBeLessThan(300);

    // The hidden note comes back with its author's name.
    await ok(server.command(roomId, facilitatorToken, { type: 'note.unhide', noteId: manifest.hiddenNoteId }), 'note.unhide');
    await waitFor(() => fBoard.doc.getMap('notes').has(manifest.hiddenNoteId), 5_000, 'the hidden note back on the board');
    expect(fBoard.doc.getMap('notes').get(manifest.hiddenNoteId)).toBeInstanceOf(Y.Map);
    expect((fBoard.doc.getMap('notes').get(manifest.hiddenNoteId) as Y.Map<unknown>).get('authorName')).toBe('Ben');

    // The open voting round on areas goes on where it was (moving to another step closes it).
    const areaIds = Object.keys(manifest.board.areas);
    const before = (await server.request('GET', `/api/rooms/${roomId}/votes`, { token: unnamed.token })).body as { remaining?: number };
    const vote = await server.request('POST', `/api/rooms/${roomId}/votes`, { token: unnamed.token, body: { noteId: areaIds[0], delta: 1 } });
    expect(vote.status, vote.text).toBe(200);
    if (typeof before.remaining === 'number') expect(vote.body.remaining).toBe(before.remaining - 1);
    const adaVote = await server.request('POST', `/api/rooms/${roomId}/votes`, { token: ada.token, body: { noteId: areaIds[0], delta: 1 } });
    // Ada cast one of her two area votes before the upgrade: one is left.
    expect(adaVote.status, adaVote.text).toBe(200);
    expect(adaVote.body.remaining).toBe(0);

    // The sealed note of the private step comes out on reveal.
    await ok(server.command(roomId, facilitatorToken, { type: 'reveal' }), 'reveal');
    await waitFor(() => noteTexts(fBoard.doc).includes(manifest.sealedNote.text), 5_000, 'the sealed note revealed');

    // The pending anonymous note goes out with two more people's, without a name.
    await ok(server.command(roomId, facilitatorToken, { type: 'step.goto', index: 1 }), 'step.goto anonymous');
    for (const [person, text] of [[ben, 'Anonymous, after the upgrade'], [cy, 'Another, after the upgrade']] as const) {
      await ok(post(server, person.token, { text, anonymous: true }), `${person.name} posts anonymously`);
    }
    await waitFor(() => noteTexts(fBoard.doc).includes(manifest.pendingNote.text), 5_000, 'the pending note released');
    const released = [...fBoard.doc.getMap<Y.Map<unknown>>('notes').values()].find((n) => n.get('text') === manifest.pendingNote.text)!;
    expect(released.get('anonymous')).toBe(true);
    expect(released.has('authorId') || released.has('authorName')).toBe(false);

    // A new note.
    await ok(server.command(roomId, facilitatorToken, { type: 'step.goto', index: 0 }), 'step.goto open');
    const posted = await post(server, unnamed.token, { text: 'Posted after the upgrade' });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.status).toBe('visible');
    await waitFor(() => noteTexts(fBoard.doc).includes('Posted after the upgrade'), 5_000, 'the new note on the board');
    const board = boardJson(fBoard.doc);

    await server.closeOpened();
    await server.restart();
    const again = await connect(server, 'board', facilitatorToken);
    expect(boardJson(again.doc)).toEqual(board);
    const adaAgain = await server.request('POST', `/api/rooms/${roomId}/votes`, { token: ada.token, body: { noteId: areaIds[0], delta: 1 } });
    expect(adaAgain.status, 'Ada\'s budget is spent, also after a restart').toBe(409);
  });
});
