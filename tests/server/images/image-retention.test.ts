import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';
import { fetchImage, mustUpload } from './imageClient.ts';
import { randomPng } from './imageFixtures.ts';

/** Pictures go with their room: when the facilitator deletes it, and when retention sweeps it. */
const t = useServer({ per: 'test', config: { roomTtlDays: 30, retentionSweepMs: 0 } });
const DAY_MS = 24 * 60 * 60 * 1000;

function imageRows(roomId: string): number {
  const storage = new SqliteStorage(t.dataDir, { backgroundCheckpoints: false });
  try {
    return (storage.db.prepare('SELECT count(*) AS n FROM images WHERE room_id = ?').get(roomId) as { n: number }).n;
  } finally {
    storage.db.close(); // not storage.close(): no checkpoint of our own while the server runs
  }
}

/**
 * The database files (the file itself and its write-ahead log) holding pieces of the picture's
 * bytes. Pieces, since a large value is split across pages.
 */
function filesHolding(bytes: Uint8Array): string[] {
  const pieces = [60, 400, 800, 1200].map((at) => Buffer.from(bytes.subarray(at, at + 24)));
  return fs
    .readdirSync(t.dataDir)
    .filter((name) => name.startsWith('tributary.sqlite'))
    .filter((name) => {
      const file = fs.readFileSync(path.join(t.dataDir, name));
      return pieces.some((piece) => file.includes(piece));
    });
}
const inDatabaseFiles = (bytes: Uint8Array): boolean => filesHolding(bytes).length > 0;

async function roomWithPictures(title: string): Promise<{ room: CreatedRoom; imageIds: string[]; pictures: Uint8Array[] }> {
  const room = await t.room(title);
  const participant = await t.join(room.joinCode, 'Sam');
  const pictures = [randomPng(), randomPng()];
  const imageIds = [await mustUpload(t.url, room.roomId, participant, pictures[0]!, 'image/png'), await mustUpload(t.url, room.roomId, room.facilitatorToken, pictures[1]!, 'image/png')];
  const note = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: participant, body: { imageId: imageIds[0], text: 'flip chart' } });
  expect(note.status, note.text).toBe(201);
  return { room, imageIds, pictures };
}

test('deleting a room deletes its pictures, and leaves no trace of their bytes in the database files', async () => {
  const gone = await roomWithPictures('Gone');
  const kept = await roomWithPictures('Kept');
  expect(imageRows(gone.room.roomId)).toBe(2);
  expect(gone.pictures.map(inDatabaseFiles), 'the pictures are stored before').toEqual([true, true]);

  const res = await t.request('DELETE', `/api/rooms/${gone.room.roomId}`, { token: gone.room.facilitatorToken });
  expect(res.status).toBe(204);
  expect(imageRows(gone.room.roomId)).toBe(0);
  expect(gone.pictures.map(filesHolding), 'files still holding the pictures').toEqual([[], []]);
  expect((await fetchImage(t.url, gone.room.roomId, gone.imageIds[0]!, gone.room.facilitatorToken)).status).toBe(401);
  // The other room keeps its pictures.
  expect(imageRows(kept.room.roomId)).toBe(2);
  expect((await fetchImage(t.url, kept.room.roomId, kept.imageIds[0]!, kept.room.facilitatorToken)).status).toBe(200);
});

test('the retention sweep deletes an idle room\u2019s pictures with it', async () => {
  const idle = await roomWithPictures('Idle');
  expect(imageRows(idle.room.roomId)).toBe(2);
  // Nobody is connected: 31 days on, the room is idle.
  const deleted = await t.app.retention.sweep(Date.now() + 31 * DAY_MS);
  expect(deleted).toContain(idle.room.roomId);
  expect(imageRows(idle.room.roomId)).toBe(0);
  expect(idle.pictures.map(filesHolding), 'files still holding the pictures').toEqual([[], []]);
});
