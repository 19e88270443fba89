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
 * huge canvas that would take an old phone's memory to draw. Phones resize photos to about
 * 1600 pixels on the long side before sending; these leave room for a scanner or a tablet.
 */
export const SIDE_MAX = 8192;
export const PIXELS_MAX = 24_000_000;
