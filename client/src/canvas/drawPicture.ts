import { NOTE_TEXT_COLOR } from '@tributary/shared/board/colors';
import type { Rect } from '@tributary/shared/board/geometry';
import { NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { FONT_FAMILY, NOTE_PADDING } from '../editor/layout.ts';
import { containIn } from '../pictures/resize.ts';
import { noteWords } from '../pictures/noteWords.ts';
import type { NoteImageState } from '../sync/noteImages.ts';
import { NOTE_LABEL_COLOR } from './colors.ts';
import { wrapText } from './textLayout.ts';

/** The picture's margin inside the note: narrower than the text's, so the picture is as large as it can be. */
const PICTURE_MARGIN = 6;
const CAPTION_SIZE = 13;
const CAPTION_FONT = `600 ${CAPTION_SIZE}px ${FONT_FAMILY}`;
const CAPTION_LINE = 16;
/** A caption of one or two lines: the second costs the picture a line's height, so only when the words need it. */
const CAPTION_WIDTH = NOTE_WIDTH - PICTURE_MARGIN * 2;
const FRAME_FONT = `${CAPTION_SIZE}px ${FONT_FAMILY}`;

/**
 * Where a picture note's picture goes and where the first of its `lines` lines of words goes (their
 * middle), above the bottom row (`bottom`).
 */
export function pictureLayout(bottom: number, lines = 1): { picture: Rect; captionY: number } {
  const caption = CAPTION_LINE * lines + 2;
  const picture = { x: PICTURE_MARGIN, y: PICTURE_MARGIN, w: CAPTION_WIDTH, h: bottom - PICTURE_MARGIN - caption };
  return { picture, captionY: bottom - caption + 1 + CAPTION_LINE / 2 };
}

/**
 * A picture note in its own coordinates: the picture fitted in the note (aspect kept) with its
 * text alternative on a line under it. While it loads, a pale box; when it cannot be loaded, its
 * text alternative alone, wrapped in a plain frame, so the note still says what it holds.
 * `bottom`: where the bottom row (name, tags) starts, or the note's bottom edge.
 */
export function drawPictureNote(c: CanvasRenderingContext2D, note: Note, state: NoteImageState | undefined, bottom: number, zoom: number): void {
  // Under the picture, its words alone: the picture says it is a drawing or a photo, and the
  // note's narrow lines keep every character for the words. Lists say "Drawing:" (noteWords).
  const words = note.text.trim() || noteWords(note);
  const caption = state?.kind === 'failed' ? [] : wrapText(words, CAPTION_FONT, CAPTION_WIDTH, 2);
  const { picture, captionY } = pictureLayout(bottom, Math.max(1, caption.length));
  if (state?.kind === 'failed') {
    // The text alternative, as much of it as fits, in a frame where the picture would be,
    // after what it is ("Drawing: …"), since no picture says so.
    const framed = noteWords(note);
    const frame = { x: picture.x, y: picture.y, w: picture.w, h: bottom - PICTURE_MARGIN - picture.y };
    c.fillStyle = '#FFFFFF';
    c.fillRect(frame.x, frame.y, frame.w, frame.h);
    c.lineWidth = 1 / zoom;
    c.strokeStyle = NOTE_LABEL_COLOR;
    c.strokeRect(frame.x, frame.y, frame.w, frame.h);
    const lineHeight = CAPTION_SIZE * 1.3;
    const lines = wrapText(framed, FRAME_FONT, frame.w - NOTE_PADDING, Math.max(1, Math.floor((frame.h - 8) / lineHeight)));
    c.font = FRAME_FONT;
    c.fillStyle = NOTE_TEXT_COLOR;
    c.textBaseline = 'middle';
    lines.forEach((line, i) => c.fillText(line, frame.x + NOTE_PADDING / 2, frame.y + 4 + lineHeight * (i + 0.5)));
    return;
  }
  if (state?.kind === 'ready') {
    const { image } = state;
    const at = containIn(image.naturalWidth, image.naturalHeight, picture);
    c.drawImage(image, at.x, at.y, at.w, at.h);
    c.lineWidth = 1 / zoom;
    c.strokeStyle = 'rgba(0, 0, 0, 0.35)';
    c.strokeRect(at.x, at.y, at.w, at.h);
  } else {
    c.fillStyle = 'rgba(255, 255, 255, 0.6)';
    c.fillRect(picture.x, picture.y, picture.w, picture.h);
  }
  c.font = CAPTION_FONT;
  c.fillStyle = NOTE_TEXT_COLOR;
  c.textBaseline = 'middle';
  caption.forEach((line, i) => c.fillText(line, PICTURE_MARGIN, captionY + i * CAPTION_LINE));
}
