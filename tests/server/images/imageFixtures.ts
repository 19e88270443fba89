import { crc32, deflateSync } from 'node:zlib';

/**
 * Small real pictures (16x12, drawn on a canvas in Chromium and saved as they came out: the
 * JPEG carries an ICC profile in APP2 and the WebP an ICCP chunk), and hand-made metadata
 * blocks to put into them: what a phone's camera adds to a photo.
 */
const JPEG_B64 =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABgf/xAAnEAAABAUDAwUAAAAAAAAAAAABAgMFAAQGEhMHETEUIUEVIjJCkf/EABUBAQEAAAAAAAAAAAAAAAAAAAEE/8QAIBEAAgICAAcAAAAAAAAAAAAAAQMCEQAEITFBUWGBkf/aAAwDAQACEQMRAD8AZ6mV7UrLW7k3tjlglEcdieBI226RDD3EojyIwo0z1JSevTWZz6td7WyXzGJMqQ7XnDgQ+oAHx5/Yp0H5OjWGTfzPUtIWOZlDqitmUH3H3uG0TW97h8eYdeC4Gcmkmxw8H7le3thyVqUsRMas9TQrt755/9k=';
const PNG_B64 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAYAAABr5z2BAAAAWklEQVR4AbyO3QkAMQiDQ1fSnTpTd7Iz3T1FuEP7Q6FCEIJ+SXkOp+BwHNBVMVKW44DsYObfAVRp0No/YrM7DZgWbW8gZsgUPdJzAI3dvQSwJviLQUsAHkf7BQAA///KIvoLAAAABklEQVQDAClGZNnh0b57AAAAAElFTkSuQmCC';
const WEBP_B64 =
  'UklGRowCAABXRUJQVlA4WAoAAAAgAAAADwAACwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggngAAAFACAJ0BKhAADAABQCYlsAJ0MEtBkoRP3h/S4AD+/P73D1j//fR/3M98A9zmX4IS9lPZ+5HsP+Dkex6xYxWSDUbmLmz7SjwuLcPgB/s+z/9E/+T7hXuff/AIH/rHTWmA4pa5ZWFWDm1gq58uAD+HguBHDrr9LvK8UNemsN5pOd/80Xnv//P/H/X/81hhPqfMIzn6+/fM/TA30jaiPgAA';

export const WIDTH = 16;
export const HEIGHT = 12;
export const plainJpeg = (): Uint8Array => new Uint8Array(Buffer.from(JPEG_B64, 'base64'));
export const plainPng = (): Uint8Array => new Uint8Array(Buffer.from(PNG_B64, 'base64'));
export const plainWebp = (): Uint8Array => new Uint8Array(Buffer.from(WEBP_B64, 'base64'));

/** Words that the metadata below carries, none of which may be in a stored picture. */
export const SECRETS = ['Exif\0\0', 'GPS-SECRET', 'http://ns.adobe.com/xap/1.0/', 'ICC_PROFILE', 'Photoshop 3.0', 'CAMERA-OWNER', 'TAKEN-AT-HOME', 'XMP-SECRET', 'ICCP', 'EXIF', 'iCCP', 'tEXt', 'eXIf', 'prVt'];

const ascii = (s: string) => Buffer.from(s, 'latin1');
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/**
 * A TIFF (big-endian) as Exif holds it: IFD0 with Make and a pointer to a GPS IFD holding
 * latitude ref "N" and a latitude of 51/1, 30/1, 26/1, with the text GPS-SECRET as the GPS
 * processing method (tag 0x001B), the way phones record where a photo was taken.
 */
export function exifTiff(): Uint8Array {
  const make = ascii('CAMERA-OWNER\0');
  const method = ascii('ASCII\0\0\0GPS-SECRET');
  // Layout: header(8) | IFD0: count(2) + 2 entries(24) + next(4) = 30 -> at 8..38 | make at 38 | GPS IFD after
  const ifd0At = 8;
  const makeAt = ifd0At + 2 + 2 * 12 + 4;
  const gpsAt = makeAt + make.length + (make.length % 2);
  const gpsEntries = 3;
  const latAt = gpsAt + 2 + gpsEntries * 12 + 4;
  const methodAt = latAt + 24;
  const out = Buffer.alloc(methodAt + method.length);
  out.write('MM', 0, 'latin1');
  out.writeUInt16BE(42, 2);
  out.writeUInt32BE(ifd0At, 4);
  let at = ifd0At;
  out.writeUInt16BE(2, at);
  at += 2;
  const entry = (tag: number, type: number, count: number, value: number) => {
    out.writeUInt16BE(tag, at);
    out.writeUInt16BE(type, at + 2);
    out.writeUInt32BE(count, at + 4);
    out.writeUInt32BE(value, at + 8);
    at += 12;
  };
  entry(0x010f, 2, make.length, makeAt); // Make
  entry(0x8825, 4, 1, gpsAt); // GPSInfo IFD pointer
  out.writeUInt32BE(0, at);
  out.set(make, makeAt);
  at = gpsAt;
  out.writeUInt16BE(gpsEntries, at);
  at += 2;
  entry(0x0001, 2, 2, 0x4e000000); // GPSLatitudeRef "N" (inline)
  entry(0x0002, 5, 3, latAt); // GPSLatitude
  entry(0x001b, 7, method.length, methodAt); // GPSProcessingMethod
  out.writeUInt32BE(0, at);
  [51, 1, 30, 1, 26, 1].forEach((n, i) => out.writeUInt32BE(n, latAt + i * 4));
  out.set(method, methodAt);
  return new Uint8Array(out);
}

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="51,30.4N" dc:creator="XMP-SECRET" photoshop:City="TAKEN-AT-HOME"/></x:xmpmeta>';

function jpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  const head = Buffer.alloc(4);
  head.writeUInt8(0xff, 0);
  head.writeUInt8(marker, 1);
  head.writeUInt16BE(payload.length + 2, 2);
  return concat(head, payload);
}

/** The JPEG with an Exif APP1 (GPS IFD), an XMP APP1, an IPTC APP13, an APP5 and a comment after its SOI. */
export function jpegWithMetadata(): Uint8Array {
  const plain = plainJpeg();
  return concat(
    plain.subarray(0, 2),
    jpegSegment(0xe1, concat(ascii('Exif\0\0'), exifTiff())),
    jpegSegment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), ascii(XMP))),
    jpegSegment(0xed, ascii('Photoshop 3.0\0 8BIM TAKEN-AT-HOME')),
    jpegSegment(0xe5, ascii('CAMERA-OWNER')),
    jpegSegment(0xfe, ascii('comment: TAKEN-AT-HOME')),
    plain.subarray(2),
  );
}

/** Markers of a JPEG's segments up to its first scan, read on their own (not by the server's parser). */
export function jpegMarkers(bytes: Uint8Array): number[] {
  const markers: number[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    markers.push(marker);
    if (marker === 0xda) break;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return markers;
}

/** Width and height from a JPEG's SOF0/SOF2. */
export function jpegFrameSize(bytes: Uint8Array): { width: number; height: number } {
  for (let i = 2; i + 9 < bytes.length; i++) {
    if (bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2)) {
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    }
  }
  throw new Error('no frame header');
}

/** A PNG chunk: its length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(concat(ascii(type), data)), 0);
  return concat(head, data, crc);
}

/** The PNG with tEXt, eXIf, iCCP, tIME and an unknown ancillary chunk after its header. */
export function pngWithMetadata(): Uint8Array {
  const plain = plainPng();
  const afterHeader = 8 + 12 + 13;
  return concat(
    plain.subarray(0, afterHeader),
    pngChunk('iCCP', concat(ascii('CAMERA-OWNER\0\0'), new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]))),
    pngChunk('tEXt', ascii('Comment\0TAKEN-AT-HOME')),
    pngChunk('eXIf', exifTiff()),
    pngChunk('tIME', new Uint8Array([0x07, 0xea, 12, 7, 22, 0, 0])),
    pngChunk('prVt', ascii('XMP-SECRET')),
    plain.subarray(afterHeader),
  );
}

/** Types of a PNG's chunks, read on their own. */
export function pngChunkTypes(bytes: Uint8Array): string[] {
  const types: string[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = Buffer.from(bytes.subarray(at, at + 4)).readUInt32BE(0);
    types.push(Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1'));
    at += 12 + length;
  }
  return types;
}

function webpChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return concat(head, data, data.length % 2 ? new Uint8Array(1) : new Uint8Array(0));
}

/** The WebP (VP8X + ICCP + VP8) with EXIF and XMP chunks added and their VP8X flags set. */
export function webpWithMetadata(): Uint8Array {
  const plain = plainWebp();
  const chunks = concat(plain.subarray(12), webpChunk('EXIF', exifTiff()), webpChunk('XMP ', ascii(XMP)));
  const out = Buffer.from(concat(plain.subarray(0, 12), chunks));
  out.writeUInt32LE(4 + chunks.length, 4);
  // VP8X flags at 12 + 8: ICC (0x20) is set already; add Exif (0x08) and XMP (0x04).
  out[20] = out[20]! | 0x08 | 0x04;
  return new Uint8Array(out);
}

/** FourCCs of a WebP's chunks and its VP8X flags, read on their own. */
export function webpLayout(bytes: Uint8Array): { fourccs: string[]; flags: number | null; riffSize: number } {
  const b = Buffer.from(bytes);
  const fourccs: string[] = [];
  let flags: number | null = null;
  for (let at = 12; at + 8 <= b.length; ) {
    const fourcc = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    fourccs.push(fourcc);
    if (fourcc === 'VP8X') flags = b[at + 8]!;
    at += 8 + size + (size % 2);
  }
  return { fourccs, flags, riffSize: b.readUInt32LE(4) };
}

/** Whether any of the SECRETS is in the bytes. */
export function secretsIn(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  return SECRETS.filter((s) => text.includes(s));
}

/** A PNG of random pixels (RGB, 24x24): bytes no other picture shares, to look for in the database file. */
export function randomPng(): Uint8Array {
  const size = 24;
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let i = 1; i <= size * 3; i++) raw[row + i] = Math.floor(Math.random() * 256);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return concat(plainPng().subarray(0, 8), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array(0)));
}
