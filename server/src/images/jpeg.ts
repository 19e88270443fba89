import { NotAnImage, PIXELS_MAX, SIDE_MAX } from './imageErrors.ts';

/**
 * JPEG: the segments kept are those a decoder needs to draw the picture. Every APPn segment
 * goes (APP0 JFIF included: it can carry a thumbnail of the photo as first taken, and browsers
 * draw a JPEG without it), except a bare Adobe APP14, which says how the colour channels are
 * coded (without it a CMYK or RGB-coded JPEG comes out in the wrong colours) and holds nothing else.
 * Every other segment is kept only if it is one a decoder needs (DECODER_MARKERS): COM goes, and so
 * does any reserved or unknown marker (JPGn 0xF0-0xFD, JPG 0xC8, DHP, EXP, TEM), which could carry
 * Exif under another number; anything after EOI goes too.
 */
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DHT = 0xc4;
const DAC = 0xcc;
const DNL = 0xdc;
const DQT = 0xdb;
const DRI = 0xdd;
/** An Adobe APP14 with nothing but its fixed fields: "Adobe", version, flags0, flags1, transform. */
const ADOBE_APP14_LENGTH = 14;

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers with no length after them. */
const isStandalone = (marker: number) => (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
/**
 * The segments a decoder needs besides frames: start and end, Huffman and arithmetic-coding tables,
 * quantisation tables, the restart interval, the number of lines, and the scans (an SOS segment
 * runs to the end of its entropy-coded data, restart markers included).
 */
const DECODER_MARKERS: ReadonlySet<number> = new Set([SOI, EOI, SOS, DHT, DAC, DQT, DRI, DNL]);

export interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF of the marker. */
  start: number;
  /** Offset just after the segment (for SOS: after its entropy-coded data). */
  end: number;
}

/** Reads the segments of a JPEG; throws NotAnImage when it does not parse as one. */
export function jpegSegments(bytes: Uint8Array): JpegSegment[] {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) throw new NotAnImage('no JPEG start marker');
  const segments: JpegSegment[] = [{ marker: SOI, start: 0, end: 2 }];
  let at = 2;
  for (;;) {
    if (at >= bytes.length || bytes[at] !== 0xff) throw new NotAnImage('a JPEG segment does not start with a marker');
    // Any number of 0xFF fill bytes may stand before a marker.
    while (at + 1 < bytes.length && bytes[at + 1] === 0xff) at++;
    if (at + 1 >= bytes.length) throw new NotAnImage('the JPEG ends inside a marker');
    const marker = bytes[at + 1]!;
    const start = at;
    if (marker === EOI) {
      segments.push({ marker, start, end: at + 2 });
      return segments;
    }
    if (isStandalone(marker)) {
      segments.push({ marker, start, end: at + 2 });
      at += 2;
      continue;
    }
    if (marker === SOI || marker === 0x00) throw new NotAnImage('an unexpected JPEG marker');
    if (at + 4 > bytes.length) throw new NotAnImage('the JPEG ends inside a segment header');
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) throw new NotAnImage('a JPEG segment runs past the end');
    let end = at + 2 + length;
    if (marker === SOS) end = afterEntropyData(bytes, end);
    segments.push({ marker, start, end });
    at = end;
  }
}

/** The end of the entropy-coded data after a scan header: the next marker that is not a stuffed zero or a restart. */
function afterEntropyData(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  throw new NotAnImage('the JPEG ends inside its picture data');
}

/** Width and height from the frame header. */
export function jpegSize(bytes: Uint8Array, segments: readonly JpegSegment[]): { width: number; height: number } {
  const frames = segments.filter((s) => isFrame(s.marker));
  if (frames.length !== 1) throw new NotAnImage('a JPEG needs exactly one frame header');
  const frame = frames[0]!;
  if (frame.end - frame.start < 2 + 8) throw new NotAnImage('the JPEG frame header is too short');
  const height = (bytes[frame.start + 5]! << 8) | bytes[frame.start + 6]!;
  const width = (bytes[frame.start + 7]! << 8) | bytes[frame.start + 8]!;
  const components = bytes[frame.start + 9]!;
  if (components < 1 || components > 4 || frame.end - frame.start !== 2 + 8 + 3 * components) throw new NotAnImage('the JPEG frame header is malformed');
  return { width, height };
}

function isBareAdobe(bytes: Uint8Array, segment: JpegSegment): boolean {
  if (segment.marker !== 0xee || segment.end - segment.start !== 2 + ADOBE_APP14_LENGTH) return false;
  return String.fromCharCode(...bytes.subarray(segment.start + 4, segment.start + 9)) === 'Adobe';
}

/** Whether a segment is kept in the stored copy. */
function keeps(bytes: Uint8Array, segment: JpegSegment): boolean {
  return isFrame(segment.marker) || DECODER_MARKERS.has(segment.marker) || isBareAdobe(bytes, segment);
}

/** The same JPEG without metadata segments; throws NotAnImage when it does not parse. */
export function cleanJpeg(bytes: Uint8Array): Uint8Array {
  const segments = jpegSegments(bytes);
  const { width, height } = jpegSize(bytes, segments);
  checkDimensions(width, height);
  if (!segments.some((s) => s.marker === SOS)) throw new NotAnImage('the JPEG has no picture data');
  const kept = segments.filter((s) => keeps(bytes, s));
  const out = new Uint8Array(kept.reduce((sum, s) => sum + s.end - s.start, 0));
  let at = 0;
  for (const s of kept) {
    out.set(bytes.subarray(s.start, s.end), at);
    at += s.end - s.start;
  }
  return out;
}

/** A picture of no pixels, or too many for a phone to draw, is refused. */
export function checkDimensions(width: number, height: number): void {
  if (width < 1 || height < 1) throw new NotAnImage('the picture has no size');
  if (width > SIDE_MAX || height > SIDE_MAX || width * height > PIXELS_MAX) throw new NotAnImage('the picture has too many pixels');
}
