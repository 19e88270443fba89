import { crc32 as crc, deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { cleanImage, sniffImageType } from '../../../server/src/images/cleanImage.ts';
import { NotAnImage } from '../../../server/src/images/imageErrors.ts';
import {
  HEIGHT,
  WIDTH,
  jpegFrameSize,
  jpegMarkers,
  jpegWithMetadata,
  plainJpeg,
  plainPng,
  plainWebp,
  pngChunk,
  pngChunkTypes,
  pngWithMetadata,
  randomPng,
  secretsIn,
  webpLayout,
  webpWithMetadata,
} from './imageFixtures.ts';

/** The metadata stripping on its own (server/src/images), on hand-made pictures. */
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const refused = (bytes: Uint8Array, type: 'image/jpeg' | 'image/png' | 'image/webp') => expect(() => cleanImage(bytes, type)).toThrow(NotAnImage);

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return concat(head, payload);
}

/** The JPEG with its frame header's size replaced. */
function jpegSized(width: number, height: number): Uint8Array {
  const bytes = Buffer.from(plainJpeg());
  const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
  bytes.writeUInt16BE(height, sof + 5);
  bytes.writeUInt16BE(width, sof + 7);
  return new Uint8Array(bytes);
}

describe('JPEG', () => {
  test('every APPn and COM goes, the tables, frame and scan stay, and the size is the same', () => {
    const clean = cleanImage(jpegWithMetadata(), 'image/jpeg');
    expect(secretsIn(clean)).toEqual([]);
    expect(jpegMarkers(clean).filter((m) => (m >= 0xe0 && m <= 0xef) || m === 0xfe)).toEqual([]);
    expect(jpegFrameSize(clean)).toEqual({ width: WIDTH, height: HEIGHT });
    // Cleaning twice changes nothing more.
    expect(Buffer.from(cleanImage(clean, 'image/jpeg')).equals(Buffer.from(clean))).toBe(true);
  });

  test('a bare Adobe APP14 (how the colours are coded) stays; one carrying more goes; bytes after EOI go', () => {
    const plain = plainJpeg();
    const adobe = segment(0xee, new Uint8Array([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1]));
    const fatAdobe = segment(0xee, new Uint8Array([...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 1, ...Buffer.from('TAKEN-AT-HOME')]));
    const clean = cleanImage(concat(plain.subarray(0, 2), adobe, fatAdobe, plain.subarray(2), Buffer.from('TAKEN-AT-HOME after the end')), 'image/jpeg');
    expect(jpegMarkers(clean).filter((m) => m === 0xee)).toHaveLength(1);
    expect(secretsIn(clean)).toEqual([]);
    expect(clean[clean.length - 1]).toBe(0xd9);
  });

  test('only the segments a decoder needs stay: Exif under a reserved or unknown marker goes', () => {
    const plain = plainJpeg();
    const exif = new Uint8Array([...Buffer.from('Exif\0\0'), ...Buffer.from('GPS-SECRET')]);
    // APP1 renumbered to JPG1 (0xF1), JPG13 (0xFD), JPG (0xC8), DHP (0xDE) and EXP (0xDF).
    const hidden = [0xf1, 0xfd, 0xc8, 0xde, 0xdf].map((marker) => segment(marker, exif));
    const sent = concat(plain.subarray(0, 2), ...hidden, plain.subarray(2));
    expect(secretsIn(sent)).toEqual(expect.arrayContaining(['Exif\0\0', 'GPS-SECRET']));
    const clean = cleanImage(sent, 'image/jpeg');
    expect(secretsIn(clean)).toEqual([]);
    expect(jpegMarkers(clean).filter((m) => [0xf1, 0xfd, 0xc8, 0xde, 0xdf].includes(m))).toEqual([]);
    // The picture itself is kept byte for byte: the same as the plain JPEG cleaned.
    expect(Buffer.from(clean).equals(Buffer.from(cleanImage(plain, 'image/jpeg')))).toBe(true);
    // A restart interval (DRI) is something a decoder needs: it stays.
    const withRestart = cleanImage(concat(plain.subarray(0, 2), segment(0xdd, new Uint8Array([0, 0])), plain.subarray(2)), 'image/jpeg');
    expect(jpegMarkers(withRestart)).toContain(0xdd);
  });

  test('a file that does not parse as a JPEG is refused', () => {
    const plain = plainJpeg();
    refused(plain.subarray(0, plain.length - 2), 'image/jpeg'); // no EOI
    refused(plain.subarray(0, 200), 'image/jpeg'); // cut inside a segment
    refused(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg'); // no frame, no scan
    refused(jpegSized(0, HEIGHT), 'image/jpeg');
    refused(jpegSized(9000, 10), 'image/jpeg'); // too wide for a phone to draw
    refused(jpegSized(6000, 6000), 'image/jpeg'); // too many pixels
    refused(jpegSized(4097, 10), 'image/jpeg'); // over 4096 on a side
    refused(jpegSized(4000, 3001), 'image/jpeg'); // over 12 million pixels
    expect(() => cleanImage(jpegSized(4000, 3000), 'image/jpeg')).not.toThrow(); // a 12-megapixel photo
    // A segment length running past the end.
    refused(concat(plain.subarray(0, 2), new Uint8Array([0xff, 0xe1, 0xff, 0xff, 0x00])), 'image/jpeg');
  });
});

describe('PNG', () => {
  test('only the chunks needed to draw it stay', () => {
    const clean = cleanImage(pngWithMetadata(), 'image/png');
    expect(pngChunkTypes(clean)).toEqual(pngChunkTypes(plainPng()));
    expect(secretsIn(clean)).toEqual([]);
    const random = randomPng();
    expect(Buffer.from(cleanImage(random, 'image/png')).equals(Buffer.from(random))).toBe(true);
  });

  test('a damaged chunk, a missing end, picture data of the wrong size and a small file that inflates to a huge one are refused', () => {
    const plain = plainPng();
    const damaged = new Uint8Array(plain);
    damaged[40] = damaged[40]! ^ 0xff; // inside IDAT: its CRC no longer fits
    refused(damaged, 'image/png');
    refused(plain.subarray(0, plain.length - 12), 'image/png'); // no IEND
    // IHDR says 24x24 RGB; the IDAT holds a 24x23 picture.
    const random = randomPng();
    const ihdr = random.subarray(0, 8 + 25);
    const idat = (raw: Buffer) => {
      const data = deflateSync(raw);
      const chunk = Buffer.alloc(12 + data.length);
      chunk.writeUInt32BE(data.length, 0);
      chunk.write('IDAT', 4, 'latin1');
      data.copy(chunk, 8);
      chunk.writeUInt32BE(crc(Buffer.concat([Buffer.from('IDAT'), data])), 8 + data.length);
      return chunk;
    };
    const iend = random.subarray(random.length - 12);
    refused(concat(ihdr, idat(Buffer.alloc(23 * (1 + 24 * 3))), iend), 'image/png');
    // A bomb: a few hundred bytes that inflate to 50 MB, for a 24x24 header.
    refused(concat(ihdr, idat(Buffer.alloc(50_000_000)), iend), 'image/png');
    // The right size is accepted.
    expect(() => cleanImage(concat(ihdr, idat(Buffer.alloc(24 * (1 + 24 * 3))), iend), 'image/png')).not.toThrow();
  });
});

/** A PNG of the given header whose picture data inflates to exactly the size the header promises (all zero). */
function pngOfSize(width: number, height: number, depth: number, colourType: number, bytesPerPixel: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colourType, 0, 0, 0], 8);
  const raw = deflateSync(Buffer.alloc(height * (1 + width * bytesPerPixel)), { level: 9 });
  return concat(plainPng().subarray(0, 8), pngChunk('IHDR', ihdr), pngChunk('IDAT', raw), pngChunk('IEND', new Uint8Array(0)));
}

describe('PNG inflated size', () => {
  test('a 16-bit RGBA PNG within the pixel cap that would inflate past 48 MiB is refused; an 8-bit 4000x3000 photo is kept', () => {
    // 2600 x 2600 is under 12 million pixels, but at 8 bytes a pixel inflates to about 54 MB.
    const crafted = pngOfSize(2600, 2600, 16, 6, 8);
    expect(crafted.length).toBeLessThan(128 * 1024); // small enough to pass any upload cap
    refused(crafted, 'image/png');
    // The largest photo the caps take: 4000 x 3000 RGBA at 8 bits, 48 MB inflated.
    expect(() => cleanImage(pngOfSize(4000, 3000, 8, 6, 4), 'image/png')).not.toThrow();
  });
});

describe('WebP', () => {
  test('EXIF, XMP and ICCP chunks go with their flags; the RIFF size is written again', () => {
    const clean = cleanImage(webpWithMetadata(), 'image/webp');
    const layout = webpLayout(clean);
    expect(layout.fourccs).toEqual(['VP8X', 'VP8 ']);
    expect(layout.flags).toBe(0);
    expect(layout.riffSize).toBe(clean.length - 8);
    expect(secretsIn(clean)).toEqual([]);
  });

  test('a RIFF size that does not fit, a chunk past the end or a picture that is not a key frame is refused', () => {
    const plain = Buffer.from(plainWebp());
    const tooLong = Buffer.from(plain);
    tooLong.writeUInt32LE(plain.length + 100, 4);
    refused(new Uint8Array(tooLong), 'image/webp');
    refused(new Uint8Array(plain.subarray(0, plain.length - 40)), 'image/webp');
    const notKey = Buffer.from(plain);
    const vp8 = notKey.indexOf('VP8 ', 12, 'latin1');
    notKey[vp8 + 8 + 3] = 0; // the start code 9D 01 2A broken
    refused(new Uint8Array(notKey), 'image/webp');
  });
});

test('the declared type must be the real one, read from the bytes', () => {
  expect(sniffImageType(plainJpeg())).toBe('image/jpeg');
  expect(sniffImageType(plainPng())).toBe('image/png');
  expect(sniffImageType(plainWebp())).toBe('image/webp');
  expect(sniffImageType(new Uint8Array(Buffer.from('%PDF-1.7')))).toBeNull();
  refused(plainJpeg(), 'image/png');
  refused(plainPng(), 'image/webp');
  refused(plainWebp(), 'image/jpeg');
  refused(new Uint8Array(Buffer.from('GIF89a')), 'image/jpeg');
});
