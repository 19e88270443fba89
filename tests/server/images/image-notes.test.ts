import { describe, expect, test } from 'vitest';
import { getNote, listNotes } from '@tributary/shared/board/queries';
import { waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { join, type CreatedRoom } from '../../helpers/server.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import { fetchImage, mustUpload } from './imageClient.ts';
import { plainJpeg, plainPng, plainWebp } from './imageFixtures.ts';

const t = useServer();

const notesPath = (roomId: string) => `/api/rooms/${roomId}/notes`;

async function participant(room: CreatedRoom, name: string): Promise<{ token: string; participantId: string }> {
  const res = await join(t.url, room.joinCode, name);
  expect(res.status).toBe(200);
  const body = res.body as unknown as { participantToken: string; participantId: string };
  return { token: body.participantToken, participantId: body.participantId };
}

async function setSteps(room: CreatedRoom, steps: unknown[]): Promise<void> {
  const res = await t.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps, index: 0 });
  expect(res.status, res.text).toBe(200);
}

describe('POST notes with an imageId', () => {
  test('a named photo note without text goes on the board with its picture; the writer adds the words later', async () => {
    const room = await t.room();
    const sam = await participant(room, 'Sam');
    const imageId = await mustUpload(t.url, room.roomId, sam.token, plainJpeg(), 'image/jpeg');
    const res = await t.request('POST', notesPath(room.roomId), { token: sam.token, body: { imageId } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('visible');
    const board = t.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const note = getNote(board.doc, res.body.noteId as string);
    expect(note).toMatchObject({ text: '', imageId, imageKind: 'photo', authorId: sam.participantId, authorName: 'Sam', anonymous: false });

    const patch = await t.request('PATCH', `${notesPath(room.roomId)}/${res.body.noteId}`, { headers: { 'x-edit-key': res.body.editKey as string }, body: { text: 'Housing first, then the rest' } });
    expect(patch.status, patch.text).toBe(200);
    await waitFor(() => getNote(board.doc, res.body.noteId as string)?.text === 'Housing first, then the rest', 5_000, 'the transcription');
    expect(getNote(board.doc, res.body.noteId as string)?.imageId).toBe(imageId);
  });

  test('in a private step a picture note is sealed with its picture and goes up at the reveal', async () => {
    const room = await t.room();
    await setSteps(room, [{ title: 'Write alone', prompt: 'Draw what helped', mode: 'private' }]);
    const ana = await participant(room, 'Ana');
    const imageId = await mustUpload(t.url, room.roomId, ana.token, plainPng(), 'image/png');
    const res = await t.request('POST', notesPath(room.roomId), { token: ana.token, body: { imageId, imageKind: 'sketch', text: 'a door' } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('sealed');
    const board = t.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    expect(getNote(board.doc, res.body.noteId as string)).toBeNull();
    expect((await t.command(room.roomId, room.facilitatorToken, { type: 'reveal' })).status).toBe(200);
    await waitFor(() => getNote(board.doc, res.body.noteId as string) !== null, 5_000, 'the reveal');
    expect(getNote(board.doc, res.body.noteId as string)).toMatchObject({ imageId, imageKind: 'sketch', text: 'a door' });
  });

  test('a picture of another room, an unknown one, a kind without a picture and a note with neither words nor picture are 400', async () => {
    const room = await t.room();
    const other = await t.room();
    const sam = await participant(room, 'Sam');
    const theirs = await mustUpload(t.url, other.roomId, other.facilitatorToken, plainJpeg(), 'image/jpeg');
    const post = (body: Record<string, unknown>) => t.request('POST', notesPath(room.roomId), { token: sam.token, body });
    const stolen = await post({ imageId: theirs, text: 'not mine' });
    expect(stolen.status).toBe(400);
    expect(stolen.body.code).toBe('TRIB_IMAGE_NOT_FOUND');
    expect(stolen.body.message).toMatch(/picture/);
    expect((await post({ imageId: 'img_0123456789abcdef' })).body.code).toBe('TRIB_IMAGE_NOT_FOUND');
    expect((await post({ imageId: '../etc/passwd' })).status).toBe(400);
    expect((await post({ imageKind: 'sketch', text: 'no picture' })).status).toBe(400);
    expect((await post({ text: '' })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    // Nothing of these reached the board.
    const board = t.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    expect(listNotes(board.doc)).toEqual([]);
  });
});

describe('withdrawing a picture note', () => {
  test('takes its picture out of storage, on the board or sealed, unless another note still shows it', async () => {
    const room = await t.room();
    const sam = await participant(room, 'Sam');
    const withdraw = (noteId: string, editKey: string) => t.request('DELETE', `${notesPath(room.roomId)}/${noteId}`, { headers: { 'x-edit-key': editKey } });
    const post = async (imageId: string) => {
      const res = await t.request('POST', notesPath(room.roomId), { token: sam.token, body: { imageId, imageKind: 'sketch' } });
      expect(res.status, res.text).toBe(201);
      return res.body as { noteId: string; editKey: string };
    };

    const visible = await mustUpload(t.url, room.roomId, sam.token, plainPng(), 'image/png');
    const onBoard = await post(visible);
    expect((await withdraw(onBoard.noteId, onBoard.editKey)).status).toBe(204);
    expect((await fetchImage(t.url, room.roomId, visible, room.facilitatorToken)).status).toBe(404);

    // One picture, one note: a second note cannot name it (image-access.test.ts), so nothing keeps it once withdrawn.
    const shared = await mustUpload(t.url, room.roomId, sam.token, plainPng(), 'image/png');
    const first = await post(shared);
    expect((await t.request('POST', notesPath(room.roomId), { token: sam.token, body: { imageId: shared } })).status).toBe(409);
    expect((await withdraw(first.noteId, first.editKey)).status).toBe(204);
    expect((await fetchImage(t.url, room.roomId, shared, room.facilitatorToken)).status).toBe(404);

    await setSteps(room, [{ title: 'Write alone', prompt: 'Draw', mode: 'private' }]);
    const sealedPicture = await mustUpload(t.url, room.roomId, sam.token, plainPng(), 'image/png');
    const sealed = await post(sealedPicture);
    expect((await withdraw(sealed.noteId, sealed.editKey)).status).toBe(204);
    expect((await fetchImage(t.url, room.roomId, sealedPicture, room.facilitatorToken)).status).toBe(404);
  });
});

describe('an anonymous sketch carries no author anywhere', () => {
  test('board document, every table of the SQLite file, and the exports', async () => {
    const room = await t.room('Sketches');
    await setSteps(room, [{ title: 'Without names', prompt: 'Draw how the day felt', mode: 'anonymous' }]);
    // Names no other test of this file uses: every table of the file is read, other rooms' rows too.
    const names = ['Aroha', 'Bexley', 'Corin'];
    const people = await Promise.all(names.map((name) => participant(room, name)));
    const pictures = [plainJpeg(), plainPng(), plainWebp()];
    const types = ['image/jpeg', 'image/png', 'image/webp'];
    const noteIds: string[] = [];
    const imageIds: string[] = [];
    for (const [i, p] of people.entries()) {
      const imageId = await mustUpload(t.url, room.roomId, p.token, pictures[i]!, types[i]!);
      const res = await t.request('POST', notesPath(room.roomId), { token: p.token, body: { imageId, imageKind: 'sketch' } });
      expect(res.status, res.text).toBe(201);
      noteIds.push(res.body.noteId as string);
      imageIds.push(imageId);
    }
    const board = t.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    await waitFor(() => noteIds.every((id) => getNote(board.doc, id) !== null), 5_000, 'the batch of three');

    // The board: anonymous, a picture, no author.
    for (const [i, id] of noteIds.entries()) {
      const note = getNote(board.doc, id)!;
      expect(note).toMatchObject({ anonymous: true, imageId: imageIds[i], imageKind: 'sketch', text: '' });
      expect(note.authorId).toBeUndefined();
      expect(note.authorName).toBeUndefined();
    }

    // Every table of the database, as someone with the data directory would read it.
    const storage = new SqliteStorage(t.dataDir, { backgroundCheckpoints: false });
    const db = storage.db;
    try {
      const tokens = db.prepare("SELECT hash, participant_id, name FROM tokens WHERE role = 'participant' AND room_id = ?").all(room.roomId) as Array<{ hash: string; participant_id: string; name: string }>;
      expect(tokens.map((r) => r.name).sort()).toEqual(names);
      const marks = tokens.flatMap((r) => [r.hash, r.participant_id]).concat(people.map((p) => p.token));
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(tables).toContain('images');
      const columns = (db.prepare('PRAGMA table_info(images)').all() as Array<{ name: string }>).map((c) => c.name).sort();
      expect(columns, 'nothing about who or when in the images table').toEqual(['data', 'id', 'room_id', 'size', 'type']);
      for (const table of tables.filter((name) => name !== 'tokens')) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
          const text = Object.values(row)
            .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
            .join('\u0000');
          for (const mark of marks) expect(text.includes(mark), `${table} holds ${mark}`).toBe(false);
          for (const name of names) expect(new RegExp(`(?<![A-Za-z0-9_-])${name}(?![A-Za-z0-9_-])`).test(text), `${table} holds ${name}`).toBe(false);
        }
      }
      expect((db.prepare('SELECT count(*) AS n FROM images WHERE room_id = ?').get(room.roomId) as { n: number }).n).toBe(3);
    } finally {
      db.close(); // not storage.close(): no checkpoint of our own while the server runs
    }

    // The exports: the pictures' ids and kinds, no author, no bytes.
    for (const format of ['json', 'md', 'csv']) {
      const res = await t.request('GET', `/api/rooms/${room.roomId}/export?format=${format}`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      for (const name of names) expect(res.text).not.toMatch(new RegExp(`\\b${name}\\b`));
      for (const p of people) expect(res.text).not.toContain(p.participantId);
      for (const imageId of imageIds) expect(res.text).toContain(imageId);
      if (format === 'md') for (const imageId of imageIds) expect(res.text).toContain(`- \\[sketch ${imageId}\\] *(not described yet)* — *anonymous*`);
      if (format === 'csv') expect(res.text.split('\r\n')[0]).toMatch(/,image_id$/);
    }
    const json = (await t.request('GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken })).body as unknown as {
      unsorted: Array<{ imageId?: string; imageKind?: string; author: string | null }>;
      areas: Array<{ notes: Array<{ imageId?: string; imageKind?: string; author: string | null }> }>;
    };
    const exported = [...json.unsorted, ...json.areas.flatMap((a) => a.notes)];
    expect(exported.map((n) => n.imageId).sort()).toEqual([...imageIds].sort());
    expect(exported.every((n) => n.imageKind === 'sketch' && n.author === null)).toBe(true);
  });
});
