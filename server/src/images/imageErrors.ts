/**
 * Why bytes are not a picture the server keeps. The route answers 415 for it; `message` is for
 * the log and developers, never shown to people.
 */
export class NotAnImage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAnImage';
  }
}

/**
 * Pictures beyond these are refused, however few bytes they take: a small file can declare a
 * huge canvas that would take an old phone's memory to draw. Phones resize photos to at most
 * 1600 pixels on the long side before sending; these leave room for a 12-megapixel camera photo
 * sent as it is (4000 x 3000).
 */
export const SIDE_MAX = 4096;
export const PIXELS_MAX = 12_000_000;

/**
 * Bytes a PNG's picture data may inflate to on the server (a 4000 x 3000 RGBA photo at 8 bits a
 * channel, with its row filter bytes, fits). Inflating runs on the event loop: without this a
 * crafted 16-bit PNG of a few hundred kB would inflate to about 200 MB, holding every room still
 * for most of a second and taking over half a gigabyte of memory per upload.
 */
export const PNG_INFLATED_MAX = 48 * 1024 * 1024;
