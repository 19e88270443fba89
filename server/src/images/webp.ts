import { NotAnImage } from './imageErrors.ts';
import { checkDimensions } from './jpeg.ts';

/**
 * WebP (RIFF): EXIF, XMP and ICCP chunks go, with their flags in the VP8X header, and any chunk
 * this list does not know. Kept: the picture (VP8, VP8L), its alpha (ALPH), the extended header
 * (VP8X) and animation (ANIM, ANMF, whose frames hold only picture chunks).
 */
const KEPT_CHUNKS: ReadonlySet<string> = new Set(['VP8X', 'VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF']);
/** VP8X flags: ICC profile, Exif, XMP. */
const METADATA_FLAGS = 0x20 | 0x08 | 0x04;

export interface WebpChunk {
  fourcc: string;
  /** Offset of the fourcc. */
  start: number;
  /** Offset after its data and padding byte. */
  end: number;
  data: Uint8Array;
}

const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

/** Reads the chunks of a WebP file; throws NotAnImage when it does not parse. */
export function webpChunks(bytes: Uint8Array): WebpChunk[] {
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WEBP') throw new NotAnImage('no WebP header');
  const riffEnd = 8 + u32le(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < 12) throw new NotAnImage('the WebP size does not fit the file');
  const chunks: WebpChunk[] = [];
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new NotAnImage('the WebP ends inside a chunk header');
    const size = u32le(bytes, at + 4);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > riffEnd) throw new NotAnImage('a WebP chunk runs past the end');
    chunks.push({ fourcc: fourcc(bytes, at), start: at, end: Math.min(end, riffEnd), data: bytes.subarray(at + 8, at + 8 + size) });
    at = end;
  }
  return chunks;
}

/** Width and height from a picture chunk's own header (VP8: a key frame; VP8L: its signature). */
function pictureSize(chunk: WebpChunk): { width: number; height: number } {
  const d = chunk.data;
  if (chunk.fourcc === 'VP8 ') {
    // A key frame: frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
    if (d.length < 10 || (d[0]! & 1) !== 0 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw new NotAnImage('the WebP picture is not a key frame');
    return { width: (d[6]! | (d[7]! << 8)) & 0x3fff, height: (d[8]! | (d[9]! << 8)) & 0x3fff };
  }
  if (d.length < 5 || d[0] !== 0x2f) throw new NotAnImage('the lossless WebP has no signature');
  const bits = u32le(d, 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

const isPicture = (c: WebpChunk) => c.fourcc === 'VP8 ' || c.fourcc === 'VP8L';

/** Width and height from the first chunk, checking the picture chunk's own header. */
function webpSize(chunks: readonly WebpChunk[]): { width: number; height: number } {
  const first = chunks[0];
  if (!first) throw new NotAnImage('the WebP is empty');
  if (isPicture(first)) return pictureSize(first);
  if (first.fourcc !== 'VP8X') throw new NotAnImage('the WebP does not start with a picture');
  if (first.data.length < 10) throw new NotAnImage('the WebP extended header is too short');
  const picture = chunks.find(isPicture);
  // A still picture's own header must parse; an animation's frames (ANMF) carry theirs inside.
  if (picture) pictureSize(picture);
  else if (!chunks.some((c) => c.fourcc === 'ANMF')) throw new NotAnImage('the WebP has no picture');
  return { width: u24le(first.data, 4) + 1, height: u24le(first.data, 7) + 1 };
}

/** The same WebP without metadata chunks; throws NotAnImage when it does not parse. */
export function cleanWebp(bytes: Uint8Array): Uint8Array {
  const chunks = webpChunks(bytes);
  const { width, height } = webpSize(chunks);
  checkDimensions(width, height);
  const kept = chunks.filter((c) => KEPT_CHUNKS.has(c.fourcc));
  const body = kept.reduce((sum, c) => sum + c.end - c.start, 0);
  const out = new Uint8Array(12 + body);
  out.set(bytes.subarray(0, 12), 0);
  // The RIFF size counts "WEBP" and the chunks.
  new DataView(out.buffer).setUint32(4, 4 + body, true);
  let at = 12;
  for (const c of kept) {
    out.set(bytes.subarray(c.start, c.end), at);
    // A chunk's size field is even-padded in the file but the padding byte may be missing at the
    // very end of a RIFF; writing the chunk as read keeps it consistent with its size field.
    if (c.fourcc === 'VP8X') out[at + 8] = out[at + 8]! & ~METADATA_FLAGS;
    at += c.end - c.start;
  }
  return out;
}
