import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';
import { fetchImage, mustUpload, presenterTokenOf, upload } from './imageClient.ts';
import { plainJpeg, plainPng, pngChunk } from './imageFixtures.ts';

/** Who may see a picture, and one picture for one note (docs/API.md "Images"). */
const t = useServer({ config: { images: { maxBytes: 1024 * 1024, maxRoomBytes: 8 * 1024 * 1024, perPersonPerMinute: 1000 } } });

const notesPath = (roomId: string) => `/api/rooms/${roomId}/notes`;

async function postPicture(room: CreatedRoom, token: string, imageId: string) {
  return t.request('POST', notesPath(room.roomId), { token, body: { imageId, imageKind: 'sketch' } });
}

async function posted(room: CreatedRoom, token: string, imageId: string): Promise<{ noteId: string; editKey: string }> {
  const res = await postPicture(room, token, imageId);
  expect(res.status, res.text).toBe(201);
  return res.body as { noteId: string; editKey: string };
}

/** The status each of the three roles gets for the picture. */
async function statuses(room: CreatedRoom, imageId: string, participant: string) {
  const status = async (token: string) => (await fetchImage(t.url, room.roomId, imageId, token)).status;
  return { facilitator: await status(room.facilitatorToken), participant: await status(participant), presenter: await status(presenterTokenOf(room)) };
}

describe('one picture, one note', () => {
  test('a note naming a picture another note shows (on the board or held) is 409 TRIB_IMAGE_IN_USE, and the picture goes when its writer withdraws', async () => {
    const room = await t.room();
    const ana = await t.join(room.joinCode, 'Ana');
    const ben = await t.join(room.joinCode, 'Ben');
    const anasPicture = await mustUpload(t.url, room.roomId, ana, plainPng(), 'image/png');
    const anas = await posted(room, ana, anasPicture);

    const reuse = await postPicture(room, ben, anasPicture);
    expect(reuse.status, reuse.text).toBe(409);
    expect((reuse.body as { code: string }).code).toBe('TRIB_IMAGE_IN_USE');
    expect((reuse.body as { message: string }).message).toMatch(/already on another note/);
    // Nor may Ana post it twice, nor the facilitator.
    expect((await postPicture(room, ana, anasPicture)).status).toBe(409);
    expect((await postPicture(room, room.facilitatorToken, anasPicture)).status).toBe(409);

    expect((await t.request('DELETE', `${notesPath(room.roomId)}/${anas.noteId}`, { headers: { 'x-edit-key': anas.editKey } })).status).toBe(204);
    expect((await fetchImage(t.url, room.roomId, anasPicture, room.facilitatorToken)).status).toBe(404);
  });

  test('a picture on a held note (sealed in a private step) cannot be reused either', async () => {
    const room = await t.room();
    const ana = await t.join(room.joinCode, 'Ana');
    const ben = await t.join(room.joinCode, 'Ben');
    const set = await t.command(room.roomId, room.facilitatorToken, { type: 'steps.set', steps: [{ title: 'Write alone', prompt: 'Draw', mode: 'private' }], index: 0 });
    expect(set.status, set.text).toBe(200);
    const sealedPicture = await mustUpload(t.url, room.roomId, ana, plainPng(), 'image/png');
    await posted(room, ana, sealedPicture);
    const reuse = await postPicture(room, ben, sealedPicture);
    expect(reuse.status, reuse.text).toBe(409);
    expect((reuse.body as { code: string }).code).toBe('TRIB_IMAGE_IN_USE');
  });
});

describe('GET a picture', () => {
  test('participants and the projector see a picture only while a note on the board shows it; the facilitator sees any of the room', async () => {
    const room = await t.room();
    const ana = await t.join(room.joinCode, 'Ana');
    const ben = await t.join(room.joinCode, 'Ben');
    const imageId = await mustUpload(t.url, room.roomId, ana, plainJpeg(), 'image/jpeg');
    // Uploaded, not posted: not even its uploader gets it back.
    expect(await statuses(room, imageId, ana)).toEqual({ facilitator: 200, participant: 404, presenter: 404 });

    const note = await posted(room, ana, imageId);
    expect(await statuses(room, imageId, ben)).toEqual({ facilitator: 200, participant: 200, presenter: 200 });

    // Hidden by the facilitator: only the facilitator (who may show it again) still gets it.
    expect((await t.request('DELETE', `${notesPath(room.roomId)}/${note.noteId}`, { token: room.facilitatorToken })).status).toBe(204);
    expect(await statuses(room, imageId, ben)).toEqual({ facilitator: 200, participant: 404, presenter: 404 });
    const unknown = await fetchImage(t.url, room.roomId, imageId, ben);
    expect(((await unknown.json()) as { code: string }).code).toBe('TRIB_IMAGE_NOT_FOUND');
  });

  test('a picture is never cached: Cache-Control private, no-store', async () => {
    const room = await t.room();
    const imageId = await mustUpload(t.url, room.roomId, room.facilitatorToken, plainJpeg(), 'image/jpeg');
    const res = await fetchImage(t.url, room.roomId, imageId, room.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});


test('a small 16-bit PNG whose picture data would inflate past 48 MiB is refused 415 TRIB_NOT_AN_IMAGE', async () => {
  const room = await t.room();
  const [width, height] = [2600, 2600]; // under 12 million pixels; 8 bytes a pixel: about 54 MB inflated
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, 6, 0, 0, 0], 8);
  const data = deflateSync(Buffer.alloc(height * (1 + width * 8)), { level: 9 });
  const png = Buffer.concat([Buffer.from(plainPng().subarray(0, 8)), pngChunk('IHDR', ihdr), pngChunk('IDAT', data), pngChunk('IEND', new Uint8Array(0))]);
  expect(png.length).toBeLessThan(128 * 1024);
  const res = await upload(t.url, room.roomId, room.facilitatorToken, new Uint8Array(png), 'image/png');
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 415, code: 'TRIB_NOT_AN_IMAGE' });
});
