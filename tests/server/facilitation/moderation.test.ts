import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { mustJoinAs, writeNote } from '../../helpers/board.ts';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';

// Moderation (docs/API.md note.hide / note.unhide, board.lock): a hidden note leaves the board
// document and the stored log for real; only the facilitator can see it, through /hidden.

const marker = (label: string): string => `${label}-${randomBytes(8).toString('hex')}`;
type NoteJson = { text: string; pos: { x: number; y: number } };
const notes = (doc: Y.Doc): Record<string, NoteJson> => doc.getMap('notes').toJSON() as Record<string, NoteJson>;
const texts = (doc: Y.Doc): string[] => Object.values(notes(doc)).map((n) => n.text);
const docHolds = (doc: Y.Doc, text: string): boolean =>
  Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(text, 'utf8')) || JSON.stringify(doc.getMap('notes').toJSON()).includes(text);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Every copy of `text` in the files of `dir`, split into copies inside the JSON row the server
 * keeps for the facilitator (`"text":"…"`, held_notes) and any other copy (e.g. a Yjs update in
 * the board's stored log, where a string is stored as its length and bytes).
 */
function copiesOnDisk(dir: string, text: string): { held: string[]; other: string[] } {
  const needle = Buffer.from(text, 'utf8');
  const jsonPrefix = Buffer.from('"text":"', 'utf8');
  const held: string[] = [];
  const other: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      const where = `${path.basename(file)}@${at}`;
      if (at >= jsonPrefix.length && bytes.subarray(at - jsonPrefix.length, at).equals(jsonPrefix)) held.push(where);
      else other.push(where);
    }
  }
  return { held, other };
}

describe('moderation', () => {
  const server = useServer({ per: 'test' });
  let room: CreatedRoom;
  const connect = (docName: string, token: string): DocClient => server.doc(room.roomId, docName, token);

  /** A room with a facilitator and two participants on the board; one API note and one written by a stock client. */
  async function scene() {
    room = await mustCreateRoom(server.url, 'Moderation');
    const p1 = await mustJoin(server.url, room.joinCode, 'Ana');
    const ben = await mustJoinAs(server.url, room.joinCode, 'Ben');
    const p2 = ben.token;
    const f = connect('board', room.facilitatorToken);
    const b1 = connect('board', p1);
    const b2 = connect('board', p2);
    const boards: Array<[string, DocClient]> = [['facilitator', f], ['Ana', b1], ['Ben', b2]];
    await Promise.all(boards.map(([, c]) => c.synced));

    const apiText = marker('HIDE-ME-API');
    const posted = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: p1, body: { text: apiText } });
    expect(posted.status).toBe(201);
    expect(posted.body.status).toBe('visible');
    const apiId = posted.body.noteId as string;

    const docText = marker('HIDE-ME-DOC');
    const docId = `note_${randomBytes(8).toString('hex')}`;
    writeNote(b2.doc, ben, { text: docText, pos: { x: 777, y: 333 }, color: 'pink' }, docId);
    const keepText = marker('KEEP-ME');
    expect((await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: p1, body: { text: keepText } })).status).toBe(201);
    for (const [label, c] of boards) {
      await waitFor(() => [apiText, docText, keepText].every((t) => texts(c.doc).includes(t)), 5_000, `${label} to see the three notes`);
    }
    // The server answers a round trip only with what it has stored.
    await Promise.all(boards.map(([, c]) => roundTrip(c)));
    return { p1, p2, ben, f, b1, b2, boards, apiText, apiId, docText, docId, keepText };
  }

  test('a hidden note leaves every board doc, the server state and the stored database files', async () => {
    const dataDir = server.dataDir;
    const s = await scene();
    // The scan can see stored notes at all: a kept note is there, in the board's stored log.
    expect(copiesOnDisk(dataDir, s.keepText).other.length, 'the kept note is in the stored log').toBeGreaterThan(0);

    const hide = await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: s.apiId });
    expect(hide.status, hide.text).toBe(200);
    expect(hide.body.control.hiddenCount).toBe(1);
    // DELETE by the facilitator without an edit key hides too.
    const del = await request(server.url, 'DELETE', `/api/rooms/${room.roomId}/notes/${s.docId}`, { token: room.facilitatorToken });
    expect(del.status).toBe(204);

    for (const [label, c] of s.boards) {
      await waitFor(() => !texts(c.doc).includes(s.apiText) && !texts(c.doc).includes(s.docText), 5_000, `${label}: hidden notes gone`);
      expect(c.doc.getMap('notes').has(s.apiId)).toBe(false);
      expect(c.doc.getMap('notes').has(s.docId)).toBe(false);
      expect(docHolds(c.doc, s.apiText), `${label}'s board doc still holds the API note's text`).toBe(false);
      expect(docHolds(c.doc, s.docText), `${label}'s board doc still holds the doc-written note's text`).toBe(false);
      expect(texts(c.doc)).toContain(s.keepText);
    }
    const fresh = connect('board', s.p2);
    await fresh.synced;
    expect(docHolds(fresh.doc, s.apiText) || docHolds(fresh.doc, s.docText), 'the server document still holds a hidden text').toBe(false);

    // Stored files while the server runs (hide compacts the board's log at once).
    for (const text of [s.apiText, s.docText]) {
      const copies = copiesOnDisk(dataDir, text);
      expect.soft(copies.other, `copies of ${text} outside the held row, server running`).toEqual([]);
    }
    await server.halt();
    for (const text of [s.apiText, s.docText]) {
      const copies = copiesOnDisk(dataDir, text);
      expect(copies.other, `copies of ${text} outside the held row, server stopped`).toEqual([]);
    }
  });

  test('/hidden lists hidden notes for the facilitator only; unhide puts them back where they were; lock stops posting', async () => {
    const s = await scene();
    const before = notes(s.f.doc);
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: s.apiId })).status).toBe(200);
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.hide', noteId: s.docId })).status).toBe(200);
    await waitFor(() => !notes(s.b1.doc)[s.apiId] && !notes(s.b1.doc)[s.docId], 5_000, 'hidden on Ana\'s board');

    const list = await request(server.url, 'GET', `/api/rooms/${room.roomId}/hidden`, { token: room.facilitatorToken });
    expect(list.status).toBe(200);
    const byId = new Map((list.body as Array<{ noteId: string; text: string; anonymous: boolean }>).map((n) => [n.noteId, n]));
    expect(byId.get(s.apiId)).toMatchObject({ text: s.apiText, anonymous: false });
    expect(byId.get(s.docId)).toMatchObject({ text: s.docText, anonymous: false });
    for (const token of [s.p1, s.p2]) {
      const refused = await request(server.url, 'GET', `/api/rooms/${room.roomId}/hidden`, { token });
      expect(refused.status).toBe(403);
      expect(refused.text.includes(s.apiText) || refused.text.includes(s.docText)).toBe(false);
    }
    // Participants cannot hide or unhide.
    expect((await command(server.url, room.roomId, s.p1, { type: 'note.unhide', noteId: s.apiId })).status).toBe(403);
    expect((await request(server.url, 'DELETE', `/api/rooms/${room.roomId}/notes/${s.keepText}`, { token: s.p1 })).status).not.toBe(204);

    for (const id of [s.apiId, s.docId]) {
      const res = await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.unhide', noteId: id });
      expect(res.status, res.text).toBe(200);
    }
    for (const [label, c] of s.boards) {
      await waitFor(() => !!notes(c.doc)[s.apiId] && !!notes(c.doc)[s.docId], 5_000, `${label}: unhidden notes back`);
      for (const id of [s.apiId, s.docId]) {
        expect(notes(c.doc)[id]!.text).toBe(before[id]!.text);
        expect(notes(c.doc)[id]!.pos, `${label}: ${id} back at the same position`).toEqual(before[id]!.pos);
      }
    }
    const after = await request(server.url, 'GET', `/api/rooms/${room.roomId}/hidden`, { token: room.facilitatorToken });
    expect(after.body).toEqual([]);

    // board.lock: participants' posts are 403 (the facilitator may still post); unlock restores them.
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.lock' })).status).toBe(200);
    const locked = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: s.p1, body: { text: 'while locked' } });
    expect(locked.status).toBe(403);
    const facil = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'facilitator while locked' } });
    expect(facil.status).toBe(201);
    // A participant's own board write is refused too (4403, not held for the unlock).
    writeNote(s.b2.doc, s.ben, { text: 'SNEAKY-WHILE-LOCKED' }, 'note_sneaky');
    await waitFor(() => s.b2.closes.some((c) => c.code === 4403 && c.reason.startsWith('locked: ')), 5_000, 'Ben\'s write to be refused');
    await waitFor(() => texts(s.f.doc).includes('facilitator while locked'), 5_000, 'facilitator note');
    expect(s.f.doc.getMap('notes').has('note_sneaky')).toBe(false);
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'board.unlock' })).status).toBe(200);
    const unlocked = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: s.p1, body: { text: 'after unlock' } });
    expect(unlocked.status).toBe(201);
    await waitFor(() => texts(s.f.doc).includes('after unlock'), 5_000, 'the note posted after unlock');
    expect(s.f.doc.getMap('notes').has('note_sneaky')).toBe(false);
  });
});
