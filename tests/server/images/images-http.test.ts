import { describe, expect, test } from 'vitest';
import { useServer } from '../../helpers/fixture.ts';
import { fetchImage, mustUpload, presenterTokenOf, upload } from './imageClient.ts';
import {
  HEIGHT,
  WIDTH,
  jpegFrameSize,
  jpegMarkers,
  jpegWithMetadata,
  plainJpeg,
  plainPng,
  plainWebp,
  pngChunkTypes,
  pngWithMetadata,
  secretsIn,
  webpLayout,
  webpWithMetadata,
} from './imageFixtures.ts';

const IMAGE_CAP = 64 * 1024;
const ROOM_CAP = 4 * 1024;
const t = useServer({ config: { images: { maxBytes: IMAGE_CAP, maxRoomBytes: 1024 * 1024, perPersonPerMinute: 1000 } } });

async function served(roomId: string, imageId: string, token: string): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await fetchImage(t.url, roomId, imageId, token);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('POST /api/rooms/:roomId/images strips every metadata block', () => {
  test('a JPEG with GPS Exif, XMP, IPTC, ICC, APP5 and a comment comes back as the same picture without any of them', async () => {
    const room = await t.room();
    const participant = await t.join(room.joinCode, 'Sam');
    const sent = jpegWithMetadata();
    expect(secretsIn(sent).length).toBeGreaterThan(5);
    const imageId = await mustUpload(t.url, room.roomId, participant, sent, 'image/jpeg');
    const { res, bytes } = await served(room.roomId, imageId, room.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(secretsIn(bytes)).toEqual([]);
    const markers = jpegMarkers(bytes);
    // No APPn (E0-EF) and no COM (FE) left; the tables, the frame and the scan are there.
    expect(markers.filter((m) => (m >= 0xe0 && m <= 0xef) || m === 0xfe)).toEqual([]);
    expect(markers).toEqual(expect.arrayContaining([0xdb, 0xc0, 0xc4, 0xda]));
    expect(jpegFrameSize(bytes)).toEqual({ width: WIDTH, height: HEIGHT });
    // The picture data itself is untouched: from the first quantisation table to the end.
    const plain = plainJpeg();
    const fromTables = (b: Uint8Array) => Buffer.from(b.subarray(b.findIndex((x, i) => x === 0xff && b[i + 1] === 0xdb)));
    expect(fromTables(bytes).equals(fromTables(plain))).toBe(true);
    expect(bytes[bytes.length - 2]).toBe(0xff);
    expect(bytes[bytes.length - 1]).toBe(0xd9);
  });

  test('a PNG keeps only the chunks needed to draw it', async () => {
    const room = await t.room();
    const imageId = await mustUpload(t.url, room.roomId, room.facilitatorToken, pngWithMetadata(), 'image/png');
    const { bytes } = await served(room.roomId, imageId, room.facilitatorToken);
    expect(pngChunkTypes(pngWithMetadata())).toEqual(expect.arrayContaining(['tEXt', 'eXIf', 'iCCP', 'tIME', 'prVt']));
    expect(pngChunkTypes(bytes)).toEqual(pngChunkTypes(plainPng()));
    expect(new Set(pngChunkTypes(bytes))).toEqual(new Set(['IHDR', 'IDAT', 'IEND']));
    expect(secretsIn(bytes)).toEqual([]);
    expect(Buffer.from(bytes).equals(Buffer.from(plainPng()))).toBe(true);
  });

  test('a WebP loses its EXIF, XMP and ICCP chunks and their flags', async () => {
    const room = await t.room();
    const sent = webpWithMetadata();
    expect(webpLayout(sent).fourccs).toEqual(['VP8X', 'ICCP', 'VP8 ', 'EXIF', 'XMP ']);
    const imageId = await mustUpload(t.url, room.roomId, room.facilitatorToken, sent, 'image/webp');
    const { res, bytes } = await served(room.roomId, imageId, room.facilitatorToken);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const layout = webpLayout(bytes);
    expect(layout.fourccs).toEqual(['VP8X', 'VP8 ']);
    expect(layout.flags! & (0x20 | 0x08 | 0x04)).toBe(0);
    expect(layout.riffSize).toBe(bytes.length - 8);
    expect(secretsIn(bytes)).toEqual([]);
    // The picture chunk is the same bytes as in the original.
    const vp8 = (b: Uint8Array) => Buffer.from(b.subarray(Buffer.from(b).indexOf('VP8 ', 12, 'latin1')));
    expect(vp8(bytes).equals(vp8(plainWebp()))).toBe(true);
  });
});

describe('what is refused', () => {
  test('a renamed non-image, a PDF sent as a JPEG, a PNG declared as a JPEG and a broken JPEG are 415', async () => {
    const room = await t.room();
    const token = room.facilitatorToken;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
    const cases: Array<[Uint8Array | string, string]> = [
      ['just some words, not a picture', 'image/jpeg'],
      [pdf, 'image/jpeg'],
      [plainPng(), 'image/jpeg'],
      [plainJpeg(), 'image/png'],
      [plainWebp(), 'image/png'],
      [plainJpeg().subarray(0, 300), 'image/jpeg'],
      [plainPng().subarray(0, 60), 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
      [plainJpeg(), 'application/octet-stream'],
    ];
    for (const [bytes, type] of cases) {
      const res = await upload(t.url, room.roomId, token, bytes, type);
      expect({ type, status: res.status, code: res.body.code }).toEqual({ type, status: 415, code: 'TRIB_NOT_AN_IMAGE' });
      expect(res.body.message).toMatch(/JPEG, PNG or WebP/);
    }
  });

  test('a picture over the per-picture cap is 413 TRIB_IMAGE_TOO_LARGE', async () => {
    const room = await t.room();
    const big = new Uint8Array(IMAGE_CAP + 1);
    big.set(plainJpeg());
    const res = await upload(t.url, room.roomId, room.facilitatorToken, big, 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('TRIB_IMAGE_TOO_LARGE');
  });

  test('the projector cannot upload (403); no token or another room\u2019s token is 401', async () => {
    const room = await t.room();
    const other = await t.room();
    expect((await upload(t.url, room.roomId, presenterTokenOf(room), plainJpeg(), 'image/jpeg')).status).toBe(403);
    expect((await upload(t.url, room.roomId, undefined, plainJpeg(), 'image/jpeg')).status).toBe(401);
    expect((await upload(t.url, room.roomId, other.facilitatorToken, plainJpeg(), 'image/jpeg')).status).toBe(401);
  });

  test('fetching: members including the projector get it; no token 401; another room\u2019s picture or an unknown id 404', async () => {
    const room = await t.room();
    const other = await t.room();
    const participant = await t.join(room.joinCode);
    const imageId = await mustUpload(t.url, room.roomId, participant, plainJpeg(), 'image/jpeg');
    // Participants and the projector see it once a note on the board shows it (image-access.test.ts).
    const note = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: participant, body: { imageId } });
    expect(note.status, note.text).toBe(201);
    const res = await fetchImage(t.url, room.roomId, imageId, presenterTokenOf(room));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect((await fetchImage(t.url, room.roomId, imageId)).status).toBe(401);
    // The other room's facilitator asking in their own room for this room's picture.
    const elsewhere = await fetchImage(t.url, other.roomId, imageId, other.facilitatorToken);
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('TRIB_IMAGE_NOT_FOUND');
    expect((await fetchImage(t.url, room.roomId, 'img_0000000000000000', participant)).status).toBe(404);
    // ...and with this room's id, their token is not a member's.
    expect((await fetchImage(t.url, room.roomId, imageId, other.facilitatorToken)).status).toBe(401);
  });

  test('the JSON body limit of other routes is unchanged', async () => {
    const room = await t.room();
    const res = await t.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, rawBody: JSON.stringify({ text: 'x'.repeat(70 * 1024) }) });
    expect(res.status).toBe(413);
  });
});

describe('the room cap', () => {
  const capped = useServer({ config: { images: { maxBytes: IMAGE_CAP, maxRoomBytes: ROOM_CAP, perPersonPerMinute: 1000 } } });

  test('uploads past the room\u2019s cap are 413 TRIB_ROOM_IMAGES_FULL, even when sent at once', async () => {
    const room = await capped.room();
    const size = plainPng().length;
    const fits = Math.floor(ROOM_CAP / size);
    const results = await Promise.all(Array.from({ length: fits + 5 }, () => upload(capped.url, room.roomId, room.facilitatorToken, plainPng(), 'image/png')));
    expect(results.filter((r) => r.status === 201)).toHaveLength(fits);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array.from({ length: 5 }, () => [413, 'TRIB_ROOM_IMAGES_FULL']));
  });
});

describe('the per-person upload limit', () => {
  const limited = useServer({ config: { images: { maxBytes: IMAGE_CAP, maxRoomBytes: 1024 * 1024, perPersonPerMinute: 2 } } });

  test('one token cannot fill a room in a burst; another person still can upload', async () => {
    const room = await limited.room();
    const sam = await limited.join(room.joinCode, 'Sam');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await upload(limited.url, room.roomId, sam, plainPng(), 'image/png')).status);
    expect(statuses).toEqual([201, 201, 429]);
    const ana = await limited.join(room.joinCode, 'Ana');
    expect((await upload(limited.url, room.roomId, ana, plainPng(), 'image/png')).status).toBe(201);
  });
});
