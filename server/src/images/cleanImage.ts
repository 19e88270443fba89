import { NotAnImage } from './imageErrors.ts';
import { cleanJpeg } from './jpeg.ts';
import { cleanPng } from './png.ts';
import { cleanWebp } from './webp.ts';

/** The picture types the server keeps, by their Content-Type. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export function isImageType(value: unknown): value is ImageType {
  return typeof value === 'string' && (IMAGE_TYPES as readonly string[]).includes(value);
}

/** What the first bytes say the file is, whatever it was called. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return null;
}

const CLEANERS: Record<ImageType, (bytes: Uint8Array) => Uint8Array> = { 'image/jpeg': cleanJpeg, 'image/png': cleanPng, 'image/webp': cleanWebp };

/**
 * The picture as the server stores it: checked to be what it is declared as (by its bytes, not
 * its name or header), parsed as that type, with every metadata block taken out (where and when
 * a photo was taken, the camera, the software, comments, colour profiles). Throws NotAnImage.
 */
export function cleanImage(bytes: Uint8Array, declared: ImageType): Uint8Array {
  const real = sniffImageType(bytes);
  if (real === null) throw new NotAnImage('the bytes are not a JPEG, PNG or WebP picture');
  if (real !== declared) throw new NotAnImage(`declared ${declared} but the bytes are ${real}`);
  return CLEANERS[real](bytes);
}
