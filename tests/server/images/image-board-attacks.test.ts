import { beforeEach, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { createNote } from '@tributary/shared/board/mutations';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { CloseCode } from '@tributary/shared/protocol';
import { roundTrip, waitFor, type DocClient } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { join, type CreatedRoom } from '../../helpers/server.ts';
import { mustUpload } from './imageClient.ts';
import { plainJpeg } from './imageFixtures.ts';

/**
 * A note's picture (`imageId`, `imageKind`) is written only by the server, which checked the
 * picture is one of the room's: a stock y-websocket client that writes either, on a new note or
 * an existing one, is refused whole (closed 4403 server-only), and nothing of it is stored or
 * relayed to anyone.
 */
const t = useServer({ per: 'test' });
let room: CreatedRoom;

beforeEach(async () => {
  room = await t.room('Pictures');
});

async function person(name: string): Promise<{ token: string; participantId: string; name: string }> {
  const res = await join(t.url, room.joinCode, name);
  const body = res.body as unknown as { participantToken: string; participantId: string };
  return { token: body.participantToken, participantId: body.participantId, name };
}

async function board(token: string): Promise<DocClient> {
  const client = t.doc(room.roomId, 'board', token);
  await client.synced;
  return client;
}

async function refusedServerOnly(client: DocClient): Promise<void> {
  await waitFor(() => client.closes.some((c) => c.code === CloseCode.Forbidden && c.reason.startsWith('server-only')), 5_000, `close 4403 server-only (closes: ${JSON.stringify(client.closes)})`);
}

test('a new note that carries a picture, written straight onto the board, is refused and reaches nobody', async () => {
  const mallory = await person('Mallory');
  // A real picture of the room: the rule is who writes the field, not whether the id is good.
  const imageId = await mustUpload(t.url, room.roomId, mallory.token, plainJpeg(), 'image/jpeg');
  const bystander = await board(room.facilitatorToken);
  const writes: Array<(doc: Y.Doc) => string> = [
    (doc) => createNote(doc, { text: 'my photo', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory', imageId }),
    (doc) => createNote(doc, { text: 'my sketch', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory', imageId, imageKind: 'sketch' }),
    (doc) =>
      doc.transact(() => {
        const id = createNote(doc, { text: 'kind only', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory' });
        notesMap(doc).get(id)!.set('imageKind', 'photo');
        return id;
      }) as unknown as string,
  ];
  for (const write of writes) {
    const attacker = await board(mallory.token);
    write(attacker.doc);
    await refusedServerOnly(attacker);
    attacker.destroy();
  }
  // The facilitator writing one is refused the same way.
  const facilitator = await board(room.facilitatorToken);
  createNote(facilitator.doc, { text: 'facilitator photo', pos: { x: 0, y: 0 }, imageId });
  await refusedServerOnly(facilitator);

  await roundTrip(bystander);
  expect(notesMap(bystander.doc).size, 'nothing relayed').toBe(0);
  const fresh = await board(room.facilitatorToken);
  expect(notesMap(fresh.doc).size, 'nothing stored').toBe(0);
});

test('a picture cannot be put on, swapped on or taken off an existing note', async () => {
  const mallory = await person('Mallory');
  const mine = await mustUpload(t.url, room.roomId, mallory.token, plainJpeg(), 'image/jpeg');
  const other = await mustUpload(t.url, room.roomId, room.facilitatorToken, plainJpeg(), 'image/jpeg');
  // A note of her own, in words, and a picture note posted through the server.
  const own = await board(mallory.token);
  const wordsId = createNote(own.doc, { text: 'words', pos: { x: 0, y: 0 }, authorId: mallory.participantId, authorName: 'Mallory' });
  await roundTrip(own);
  const posted = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: mallory.token, body: { imageId: mine, text: 'my photo' } });
  expect(posted.status, posted.text).toBe(201);
  const pictureId = posted.body.noteId as string;
  const bystander = await board(room.facilitatorToken);
  await waitFor(() => getNote(bystander.doc, pictureId) !== null && getNote(bystander.doc, wordsId) !== null, 5_000, 'both notes');

  const attacks: Array<(doc: Y.Doc) => void> = [
    (doc) => notesMap(doc).get(wordsId)!.set('imageId', other),
    (doc) => notesMap(doc).get(pictureId)!.set('imageId', other),
    (doc) => notesMap(doc).get(pictureId)!.delete('imageId'),
    (doc) => notesMap(doc).get(pictureId)!.set('imageKind', 'sketch'),
  ];
  for (const [i, attack] of attacks.entries()) {
    for (const token of [mallory.token, room.facilitatorToken]) {
      const attacker = await board(token);
      await waitFor(() => getNote(attacker.doc, pictureId) !== null, 5_000, 'the notes');
      attack(attacker.doc);
      await waitFor(() => attacker.closes.some((c) => c.code === CloseCode.Forbidden), 5_000, `attack ${i} refused (closes: ${JSON.stringify(attacker.closes)})`);
      attacker.destroy();
    }
  }
  // The words are not fixed: the facilitator writes the transcription straight on the board.
  const facilitator = await board(room.facilitatorToken);
  await waitFor(() => getNote(facilitator.doc, pictureId) !== null, 5_000, 'the picture note');
  notesMap(facilitator.doc).get(pictureId)!.set('text', 'Transcribed: more time to talk');
  await roundTrip(facilitator);
  expect(facilitator.closes).toEqual([]);

  await roundTrip(bystander);
  for (const doc of [bystander.doc, (await board(room.facilitatorToken)).doc]) {
    expect(getNote(doc, wordsId)?.imageId).toBeUndefined();
    expect(getNote(doc, pictureId)).toMatchObject({ imageId: mine, imageKind: 'photo', text: 'Transcribed: more time to talk' });
  }
});
