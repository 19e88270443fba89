import { crc32, inflateSync } from 'node:zlib';
import { NotAnImage, PNG_INFLATED_MAX } from './imageErrors.ts';
import { checkDimensions } from './jpeg.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * PNG: only the chunks needed to draw the picture are kept. Everything else goes: text (tEXt,
 * zTXt, iTXt), Exif (eXIf), colour profiles (iCCP, which carry a free-text name), times (tIME),
 * animation and any chunk this list does not know.
 */
const KEPT_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'sRGB']);

export interface PngChunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just after its CRC. */
  end: number;
  /** Its data. */
  data: Uint8Array;
}

const u32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;

/** Reads the chunks of a PNG, checking every CRC; throws NotAnImage when it does not parse. */
export function pngChunks(bytes: Uint8Array): PngChunk[] {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new NotAnImage('no PNG signature');
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new NotAnImage('the PNG ends inside a chunk header');
    const length = u32(bytes, at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new NotAnImage('a PNG chunk runs past the end');
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new NotAnImage('a PNG chunk has a bad type');
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32(bytes, at + 8 + length)) throw new NotAnImage(`the PNG chunk ${type} is damaged`);
    chunks.push({ type, start: at, end, data: bytes.subarray(at + 8, at + 8 + length) });
    at = end;
    if (type === 'IEND') break; // Anything after IEND is dropped.
  }
  return chunks;
}

/** Bits per pixel of each colour type, by its allowed bit depths. */
const CHANNELS: Record<number, { channels: number; depths: readonly number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** The seven Adam7 passes: column start, row start, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** How many bytes the image data inflates to: for each row a filter byte and its pixels. */
function rawSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (!interlaced) return rows(width, height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

/** The same PNG with only the chunks needed to draw it; throws NotAnImage when it does not parse. */
export function cleanPng(bytes: Uint8Array): Uint8Array {
  const chunks = pngChunks(bytes);
  const header = chunks[0];
  if (!header || header.type !== 'IHDR' || header.data.length !== 13) throw new NotAnImage('a PNG starts with its header chunk');
  if (chunks[chunks.length - 1]!.type !== 'IEND') throw new NotAnImage('the PNG has no end chunk');
  const width = u32(header.data, 0);
  const height = u32(header.data, 4);
  checkDimensions(width, height);
  const [depth, colourType, compression, filter, interlace] = header.data.subarray(8, 13);
  const kind = CHANNELS[colourType!];
  if (!kind || !kind.depths.includes(depth!) || compression !== 0 || filter !== 0 || interlace! > 1) throw new NotAnImage('the PNG header is malformed');
  if (colourType === 3 && !chunks.some((c) => c.type === 'PLTE')) throw new NotAnImage('the PNG has no palette');
  const data = chunks.filter((c) => c.type === 'IDAT');
  if (data.length === 0) throw new NotAnImage('the PNG has no picture data');
  // The picture data must inflate to exactly the size the header promises (and no further: a
  // small file may inflate to gigabytes).
  const expected = rawSize(width, height, kind.channels * depth!, interlace === 1);
  // Refused before inflating anything, as a picture of too many pixels is.
  if (expected > PNG_INFLATED_MAX) throw new NotAnImage('the PNG picture data would inflate too far');
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.concat(data.map((c) => c.data)), { maxOutputLength: expected + 1 });
  } catch {
    throw new NotAnImage('the PNG picture data does not inflate');
  }
  if (inflated.length !== expected) throw new NotAnImage('the PNG picture data does not fit its size');
  const kept = chunks.filter((c) => KEPT_CHUNKS.has(c.type));
  const out = new Uint8Array(8 + kept.reduce((sum, c) => sum + c.end - c.start, 0));
  out.set(SIGNATURE, 0);
  let at = 8;
  for (const c of kept) {
    out.set(bytes.subarray(c.start, c.end), at);
    at += c.end - c.start;
  }
  return out;
}
