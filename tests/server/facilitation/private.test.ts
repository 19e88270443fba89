import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer, type ServerFixture } from '../../helpers/fixture.ts';
import { command, mustCreateRoom, mustJoin, request, type CreatedRoom } from '../../helpers/server.ts';

// Private-writing steps (shared/API.md "sealed"): only the author, through the edit key, can read
// a sealed note until `reveal`; then every sealed note appears at once.

const STEPS = [
  { title: 'Write alone', prompt: 'Write what you would not say out loud', mode: 'private', maxNotesPerPerson: 2 },
  { title: 'Share', prompt: 'Anything else?', mode: 'open' },
];

const marker = (label: string): string => `SEALED-${label}-${randomBytes(6).toString('hex')}`;
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const bytesContain = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(utf8(text));
const notesJson = (doc: Y.Doc): string => JSON.stringify(doc.getMap('notes').toJSON());
const noteTexts = (doc: Y.Doc): string[] => Object.values(doc.getMap('notes').toJSON() as Record<string, { text: string }>).map((n) => n.text);

describe('private (sealed) notes', () => {
  const server = useServer({ per: 'test' });

  const setup = async () => {
    const room = await mustCreateRoom(server.url, 'Private writing');
    const set = await command(server.url, room.roomId, room.facilitatorToken, { type: 'steps.set', steps: STEPS, index: 0 });
    expect(set.status, `steps.set: ${set.text}`).toBe(200);
    expect(set.body.control.mode).toBe('private');
    return room;
  };
  const connect = (s: ServerFixture, room: CreatedRoom, docName: string, token: string): DocClient => s.doc(room.roomId, docName, token);
  const post = (s: ServerFixture, room: CreatedRoom, token: string, text: string) =>
    request(s.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text } });
  const readOwn = (s: ServerFixture, room: CreatedRoom, noteId: string, editKey?: string) =>
    request(s.url, 'GET', `/api/rooms/${room.roomId}/notes/${noteId}`, editKey === undefined ? {} : { headers: { 'x-edit-key': editKey } });

  test('sealed notes reach no board doc and no export; only the author can read theirs; the note limit holds', async () => {
    const room = await setup();
    const s = server;
    const ana = await mustJoin(s.url, room.joinCode, 'Ana');
    const ben = await mustJoin(s.url, room.joinCode, 'Ben');
    const fBoard = connect(s, room, 'board', room.facilitatorToken);
    const aBoard = connect(s, room, 'board', ana);
    const bBoard = connect(s, room, 'board', ben);
    const fControl = connect(s, room, 'control', room.facilitatorToken);
    await Promise.all([fBoard.synced, aBoard.synced, bBoard.synced, fControl.synced]);

    const textA = marker('ANA');
    const textB = marker('BEN');
    const resA = await post(s, room, ana, textA);
    const resB = await post(s, room, ben, textB);
    expect(resA.status, resA.text).toBe(201);
    expect(resB.status, resB.text).toBe(201);
    expect(resA.body.status).toBe('sealed');
    expect(resB.body.status).toBe('sealed');
    expect(typeof resA.body.editKey).toBe('string');
    expect(resA.body.noteId).not.toBe(resB.body.noteId);

    // The facilitator learns how many, never what.
    await waitFor(() => fControl.doc.getMap('control').get('sealedCount') === 2, 5_000, 'sealedCount 2 in the control doc');
    // Every document now holds all the server's does: a sealed text let out would be here.
    await Promise.all([fBoard, aBoard, bBoard, fControl].map((c) => roundTrip(c)));
    const docs: Array<[string, Y.Doc]> = [
      ['facilitator board', fBoard.doc],
      ["Ana's board", aBoard.doc],
      ["Ben's board", bBoard.doc],
      ['facilitator control', fControl.doc],
    ];
    for (const [label, doc] of docs) {
      const bytes = Y.encodeStateAsUpdate(doc);
      for (const text of [textA, textB]) {
        expect(bytesContain(bytes, text), `${label}: update bytes hold ${text}`).toBe(false);
        expect(notesJson(doc).includes(text), `${label}: notes map holds ${text}`).toBe(false);
      }
    }
    expect(fBoard.doc.getMap('notes').size).toBe(0);

    // The export (if the route exists) holds neither text.
    for (const format of ['json', 'md', 'csv']) {
      const exp = await request(s.url, 'GET', `/api/rooms/${room.roomId}/export?format=${format}`, { token: room.facilitatorToken });
      if (exp.status === 404) continue; // route not there (yet): only this assertion is skipped
      expect(exp.status, `export ${format}`).toBe(200);
      expect(exp.text.includes(textA) || exp.text.includes(textB), `export ${format} holds a sealed text`).toBe(false);
    }

    // The author reads their own sealed note with the edit key; nobody else's key works.
    const own = await readOwn(s, room, resA.body.noteId, resA.body.editKey);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ noteId: resA.body.noteId, text: textA, status: 'sealed' });
    const wrong = await readOwn(s, room, resA.body.noteId, resB.body.editKey);
    expect(wrong.status).toBe(403);
    expect(wrong.text.includes(textA)).toBe(false);
    const noKey = await readOwn(s, room, resA.body.noteId);
    expect([401, 403]).toContain(noKey.status);
    expect(noKey.text.includes(textA)).toBe(false);
    // A token is not a key: the facilitator's bearer token alone does not open it.
    const facil = await request(s.url, 'GET', `/api/rooms/${room.roomId}/notes/${resA.body.noteId}`, { token: room.facilitatorToken });
    expect([401, 403]).toContain(facil.status);
    expect(facil.text.includes(textA)).toBe(false);

    // maxNotesPerPerson: 2 → Ana's second note is fine, her third is 409; Ben is counted apart.
    const second = await post(s, room, ana, marker('ANA2'));
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('sealed');
    const third = await post(s, room, ana, marker('ANA3'));
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('TRIB_NOTE_LIMIT');
    expect((await post(s, room, ben, marker('BEN2'))).status).toBe(201);
    await waitFor(() => fControl.doc.getMap('control').get('sealedCount') === 4, 5_000, 'sealedCount 4');
  });

  test('sealed notes survive a restart; after reveal they all appear at once on every board', async () => {
    const room = await setup();
    const first = server;
    const ana = await mustJoin(first.url, room.joinCode, 'Ana');
    const ben = await mustJoin(first.url, room.joinCode, 'Ben');
    const posted: Array<{ noteId: string; editKey: string; text: string }> = [];
    for (const [token, label] of [[ana, 'A1'], [ben, 'B1'], [ana, 'A2']] as const) {
      const text = marker(label);
      const res = await post(first, room, token, text);
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('sealed');
      posted.push({ noteId: res.body.noteId, editKey: res.body.editKey, text });
    }
    await server.restart();
    const s = server;
    for (const note of posted) {
      const own = await readOwn(s, room, note.noteId, note.editKey);
      expect(own.status, `after restart, ${note.noteId}`).toBe(200);
      expect(own.body).toMatchObject({ text: note.text, status: 'sealed' });
    }
    const fBoard = connect(s, room, 'board', room.facilitatorToken);
    const aBoard = connect(s, room, 'board', ana);
    const bBoard = connect(s, room, 'board', ben);
    const boards: Array<[string, DocClient]> = [['facilitator', fBoard], ['Ana', aBoard], ['Ben', bBoard]];
    await Promise.all(boards.map(([, c]) => c.synced));
    for (const [label, c] of boards) {
      expect(c.doc.getMap('notes').size, `${label} before reveal`).toBe(0);
      for (const note of posted) expect(bytesContain(Y.encodeStateAsUpdate(c.doc), note.text), `${label} holds ${note.text} before reveal`).toBe(false);
    }
    // Record how many of the sealed notes each board holds after every update it applies.
    const counts = new Map<string, number[]>();
    for (const [label, c] of boards) {
      counts.set(label, []);
      c.doc.on('update', () => {
        const texts = noteTexts(c.doc);
        counts.get(label)!.push(posted.filter((n) => texts.includes(n.text)).length);
      });
    }

    const reveal = await command(s.url, room.roomId, room.facilitatorToken, { type: 'reveal' });
    expect(reveal.status, reveal.text).toBe(200);
    expect(reveal.body.control.revealed).toBe(true);
    expect(reveal.body.control.sealedCount).toBe(0);
    for (const [label, c] of boards) {
      await waitFor(() => posted.every((n) => noteTexts(c.doc).includes(n.text)), 5_000, `${label} to see all three revealed notes`);
      // All at once: no board ever held some of them but not all.
      expect(counts.get(label)!.filter((n) => n > 0 && n < posted.length), `${label} partial reveals`).toEqual([]);
    }
    // Named sealed notes keep their author's name; the authors' keys now answer 'visible'.
    const byText = new Map(Object.values(fBoard.doc.getMap('notes').toJSON() as Record<string, { text: string; authorName?: string }>).map((n) => [n.text, n]));
    expect(byText.get(posted[0]!.text)!.authorName).toBe('Ana');
    expect(byText.get(posted[1]!.text)!.authorName).toBe('Ben');
    const own = await readOwn(s, room, posted[1]!.noteId, posted[1]!.editKey);
    expect(own.body).toMatchObject({ status: 'visible', text: posted[1]!.text });
    // After the reveal, new notes in the step go straight onto the board.
    const late = await post(s, room, ben, marker('LATE'));
    expect(late.status).toBe(201);
    expect(late.body.status).toBe('visible');
  });
});
