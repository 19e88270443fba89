import type { ImageKind } from '@tributary/shared/board/records';

/**
 * What a note made of a picture (a drawing, a photo of paper) hands the composer that posts it:
 * the composer asks whether there is a picture, has it sent, and posts the note with its imageId
 * through the one posting path (the outbox), like any note.
 */

/** A picture on the server, ready to go on a note with its text alternative. */
export interface PictureContent {
  imageId: string;
  imageKind: ImageKind;
  /** The text alternative: what the drawing shows, or what the paper says (may be empty). */
  text: string;
}

/** A picture being made, as the composer drives it (the picture part fills this handle in). */
export interface PictureSource {
  /** Why it cannot be posted yet ("Draw something first"), or null when it can. */
  missing(): string | null;
  /**
   * Sends the picture (once: a second call after a failed note post reuses the imageId).
   * Throws {@link PictureNotSent} with a plain message when it could not; the picture is kept.
   */
  upload(): Promise<PictureContent>;
  /** The note is posted: start again with an empty pad or no photo. */
  reset(): void;
  /** Focus the first control (after a problem is shown). */
  focus(): void;
}

/** The picture could not be sent; the message says so in plain words and that it is kept. */
export class PictureNotSent extends Error {
  override name = 'PictureNotSent';
}
