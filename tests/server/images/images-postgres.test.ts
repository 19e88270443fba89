import { expect, test } from 'vitest';
import { getNote } from '@tributary/shared/board/queries';
import { waitFor } from '../../helpers/clients.ts';
import { useServer } from '../../helpers/fixture.ts';
import { fetchImage, mustUpload, upload } from './imageClient.ts';
import { jpegMarkers, jpegWithMetadata, plainPng, secretsIn } from './imageFixtures.ts';

/**
 * Pictures on PostgreSQL, with two processes behind one address: a picture uploaded to one is
 * served, stripped, by the other; the room's cap holds across both; the picture goes with the room.
 */
const ROOM_CAP = 2_000;
const t = useServer({ storage: 'postgres+redis', config: { images: { maxBytes: 64 * 1024, maxRoomBytes: ROOM_CAP, perPersonPerMinute: 1000 } } });

test('uploaded to one process, served stripped by the other; a note shows it; the cap holds across both; deleted with the room', async () => {
  const replica = await t.replica();
  const room = await t.room('Two processes');
  const participant = await t.join(room.joinCode, 'Sam');
  const imageId = await mustUpload(t.url, room.roomId, participant, jpegWithMetadata(), 'image/jpeg');
  const res = await fetchImage(replica.url, room.roomId, imageId, room.facilitatorToken);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(secretsIn(bytes)).toEqual([]);
  expect(jpegMarkers(bytes).filter((m) => (m >= 0xe0 && m <= 0xef) || m === 0xfe)).toEqual([]);

  const note = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: participant, body: { imageId, text: 'flip chart' } });
  expect(note.status, note.text).toBe(201);
  const board = t.doc(room.roomId, 'board', room.facilitatorToken);
  await board.synced;
  await waitFor(() => getNote(board.doc, note.body.noteId as string)?.imageId === imageId, 5_000, 'the picture note');

  // Uploads sent to both processes at once: together they never pass the room's cap.
  const used = Number((await t.database.query<{ n: string }>('SELECT sum(size) AS n FROM images WHERE room_id = $1', [room.roomId]))[0]!.n);
  const fits = Math.floor((ROOM_CAP - used) / plainPng().length);
  const results = await Promise.all(Array.from({ length: fits + 4 }, (_, i) => upload(i % 2 ? replica.url : t.url, room.roomId, room.facilitatorToken, plainPng(), 'image/png')));
  expect(results.filter((r) => r.status === 201)).toHaveLength(fits);
  expect(results.filter((r) => r.body.code === 'TRIB_ROOM_IMAGES_FULL')).toHaveLength(4);

  expect((await t.request('DELETE', `/api/rooms/${room.roomId}`, { token: room.facilitatorToken })).status).toBe(204);
  expect((await t.database.query('SELECT 1 FROM images WHERE room_id = $1', [room.roomId])).length).toBe(0);
});
