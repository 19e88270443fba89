import { NOTE_COLORS, NOTE_TEXT_COLOR } from '@tributary/shared/board/colors';
import type { Rect } from '@tributary/shared/board/geometry';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import {
  FONT_FAMILY,
  NOTE_FONT_SIZE,
  NOTE_LABEL_FONT_SIZE,
  NOTE_LABEL_HEIGHT,
  NOTE_PADDING,
  SELECTION_COLOR,
} from '../editor/layout.ts';
import type { NoteImageState } from '../sync/noteImages.ts';
import { NOTE_BORDERS, NOTE_LABEL_COLOR } from './colors.ts';
import { drawPictureNote } from './drawPicture.ts';
import { fitLine, layoutNoteText, type NoteTextLayout } from './textLayout.ts';
import { t } from '../i18n/i18n.ts';

const LABEL_FONT = `${NOTE_LABEL_FONT_SIZE}px ${FONT_FAMILY}`;
const LABEL_FONT_ITALIC = `italic ${NOTE_LABEL_FONT_SIZE}px ${FONT_FAMILY}`;
const TEXT_WIDTH = NOTE_WIDTH - NOTE_PADDING * 2;

/** The vote badge: a dark pill with a white number (contrast well above 4.5:1). */
const VOTE_BADGE_FILL = '#0B4F4B';
/** Its radius in board units: as large as the note's text at its standard size, scaled with it. */
const VOTE_BADGE_RADIUS = 16;
const VOTE_BADGE_OUTLINE = 2;

function badgeText(votes: number): string {
  return votes > 99 ? '99+' : String(votes);
}

/**
 * Where a note's vote badge goes, in the note's own coordinates (outline included): over its
 * top edge, right corner, and never lower than the text box's top, so a badge covers no word of
 * the note (nor, hanging into the gap above, more than the bare border of the note above).
 */
export function voteBadgeRect(votes: number): Rect {
  const r = VOTE_BADGE_RADIUS;
  const w = Math.max(r * 2, r * (0.9 + 0.62 * badgeText(votes).length));
  const bottom = NOTE_PADDING - 1;
  return { x: NOTE_WIDTH + r - w - VOTE_BADGE_OUTLINE / 2, y: bottom - 2 * r - VOTE_BADGE_OUTLINE, w: w + VOTE_BADGE_OUTLINE, h: 2 * r + VOTE_BADGE_OUTLINE };
}

function drawVoteBadge(c: CanvasRenderingContext2D, votes: number): void {
  const r = VOTE_BADGE_RADIUS;
  const text = badgeText(votes);
  const box = voteBadgeRect(votes);
  const cy = box.y + box.h / 2;
  const right = NOTE_WIDTH;
  const left = box.x + VOTE_BADGE_OUTLINE / 2 + r;
  c.beginPath();
  if (right - left > 0.5) {
    c.arc(left, cy, r, Math.PI / 2, (Math.PI * 3) / 2);
    c.arc(right, cy, r, (Math.PI * 3) / 2, Math.PI / 2);
    c.closePath();
  } else {
    c.arc(right, cy, r, 0, Math.PI * 2);
  }
  c.fillStyle = VOTE_BADGE_FILL;
  c.fill();
  c.lineWidth = VOTE_BADGE_OUTLINE;
  c.strokeStyle = '#FFFFFF';
  c.stroke();
  c.fillStyle = '#FFFFFF';
  c.font = `700 ${Math.round(r * 1.05)}px ${FONT_FAMILY}`;
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.fillText(text, (left + right) / 2, cy + r * 0.04);
  c.textAlign = 'start';
}

const TAG_HEIGHT = 18;
const TAG_PAD = 6;
const TAG_GAP = 4;
const TAG_FONT = `600 ${NOTE_LABEL_FONT_SIZE}px ${FONT_FAMILY}`;
/** The duplicate tag: white on dark teal, 9:1. */
const DUP_FILL = '#0B4F4B';

interface Tag {
  text: string;
  strong: boolean;
}

/** The small tags on the bottom row, right to left: "×3", "Round 2", "builds on". */
function tagsOf(note: Note, duplicates: number | undefined): Tag[] {
  const tags: Tag[] = [];
  if (duplicates !== undefined && duplicates > 1) tags.push({ text: `×${duplicates}`, strong: true });
  if (note.round !== undefined) tags.push({ text: t('board.roundTag', { round: note.round + 1 }), strong: false });
  if (note.replyTo) tags.push({ text: t('board.buildsOn'), strong: false });
  return tags;
}

function pill(c: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  const r = h / 2;
  c.beginPath();
  c.moveTo(x + r, y);
  c.arcTo(x + w, y, x + w, y + h, r);
  c.arcTo(x + w, y + h, x, y + h, r);
  c.arcTo(x, y + h, x, y, r);
  c.arcTo(x, y, x + w, y, r);
  c.closePath();
}

/** Draws the tags from the right edge of the bottom row; answers where they begin. */
function drawTags(c: CanvasRenderingContext2D, tags: readonly Tag[], zoom: number): number {
  let right = NOTE_WIDTH - NOTE_PADDING + TAG_PAD / 2;
  const y = NOTE_HEIGHT - NOTE_LABEL_HEIGHT / 2 - 2 - TAG_HEIGHT / 2;
  c.font = TAG_FONT;
  c.textBaseline = 'middle';
  for (const tag of tags) {
    const w = Math.ceil(c.measureText(tag.text).width) + TAG_PAD * 2;
    const x = right - w;
    if (x < NOTE_PADDING - TAG_PAD / 2) break;
    pill(c, x, y, w, TAG_HEIGHT);
    if (tag.strong) {
      c.fillStyle = DUP_FILL;
      c.fill();
      c.fillStyle = '#FFFFFF';
    } else {
      c.fillStyle = 'rgba(255, 255, 255, 0.75)';
      c.fill();
      c.lineWidth = 1 / zoom;
      c.strokeStyle = NOTE_LABEL_COLOR;
      c.stroke();
      c.fillStyle = NOTE_LABEL_COLOR;
    }
    c.fillText(tag.text, x + TAG_PAD, y + TAG_HEIGHT / 2 + 0.5);
    right = x - TAG_GAP;
  }
  return right;
}

/**
 * The box a note's words go in, in its own coordinates: inside the padding, above the bottom row
 * when the note has one (the author's name, "Anonymous", tags).
 */
export function noteTextBox(hasBottomRow: boolean): Rect {
  return { x: NOTE_PADDING, y: NOTE_PADDING, w: TEXT_WIDTH, h: NOTE_HEIGHT - NOTE_PADDING - (hasBottomRow ? NOTE_LABEL_HEIGHT + 4 : NOTE_PADDING) };
}

/** A note's words laid out in its box, and where the first line starts. */
export interface PlacedNoteText {
  box: Rect;
  layout: NoteTextLayout;
  /** Top of the lines: a short note drawn large sits in the middle of its box. */
  top: number;
}

/** How a note's text is drawn; `hasTags` when it carries tags ("×3", "Round 2"), which need the bottom row. */
export function noteText(note: Note, hasTags: boolean): PlacedNoteText {
  const box = noteTextBox(hasTags || note.anonymous || Boolean(note.authorName));
  const layout = layoutNoteText(note.text, box.w, box.h);
  const top = !layout.card && layout.fontSize > NOTE_FONT_SIZE ? box.y + (box.h - layout.height) / 2 : box.y;
  return { box, layout, top };
}

/** The size of a note's words as drawn, for "Fit" (EditorController.legibleZoom); a card's answers for a card. */
export function noteFontSize(note: Note): number {
  return noteText(note, false).layout.fontSize;
}

/** The words of a note at (x, y) on the board: the full note draws them, and so do zoomed-out blocks. */
export function drawNoteText(c: CanvasRenderingContext2D, placed: PlacedNoteText, x: number, y: number): void {
  let font = '';
  let question: boolean | null = null;
  c.textBaseline = 'middle';
  for (const line of placed.layout.lines) {
    if (line.font !== font) c.font = font = line.font;
    if (line.question !== question) {
      question = line.question;
      c.fillStyle = question ? NOTE_LABEL_COLOR : NOTE_TEXT_COLOR;
    }
    c.fillText(line.text, x + placed.box.x, y + placed.top + line.y);
  }
}

export interface DrawNoteOptions {
  selected: boolean;
  /** Its text is being edited in the HTML overlay: draw only the paper. */
  editing: boolean;
  votes?: number | undefined;
  duplicates?: number | undefined;
  /** Board-to-screen scale, for hairlines and readable badges. */
  zoom: number;
  /** A picture note's picture, as far as it has arrived (NoteImages.forBoard). */
  image?: NoteImageState | undefined;
}

/**
 * Draws one note at full detail in its own coordinates (0,0 to NOTE_WIDTH,NOTE_HEIGHT). Note
 * text is canvas text (fillText), never HTML. Used by the board's scene (scene.ts) and by the PNG export.
 */
export function drawNote(c: CanvasRenderingContext2D, note: Note, { selected, editing, votes, duplicates, zoom, image }: DrawNoteOptions): void {
  const label = note.anonymous ? t('board.anonymous') : (note.authorName ?? '');
  c.beginPath();
  c.rect(0, 0, NOTE_WIDTH, NOTE_HEIGHT);
  c.fillStyle = NOTE_COLORS[note.color];
  c.fill();
  c.lineWidth = (selected ? 3 : 1) / zoom;
  c.strokeStyle = selected ? SELECTION_COLOR : NOTE_BORDERS[note.color];
  c.stroke();
  c.textBaseline = 'middle';
  const tags = tagsOf(note, duplicates);
  if (!editing && note.imageId) {
    const box = noteTextBox(tags.length > 0 || Boolean(label));
    drawPictureNote(c, note, image, box.y + box.h, zoom);
  } else if (!editing && note.text !== '') {
    drawNoteText(c, noteText(note, tags.length > 0), 0, 0);
  }
  const tagsStart = tags.length > 0 ? drawTags(c, tags, zoom) : NOTE_WIDTH - NOTE_PADDING;
  if (label) {
    const font = note.anonymous ? LABEL_FONT_ITALIC : LABEL_FONT;
    const room = tagsStart - NOTE_PADDING - 2;
    if (room > 24) {
      c.font = font;
      c.fillStyle = NOTE_LABEL_COLOR;
      c.textBaseline = 'middle';
      c.fillText(fitLine(label, font, room), NOTE_PADDING, NOTE_HEIGHT - NOTE_LABEL_HEIGHT / 2 - 2);
    }
  }
  if (votes !== undefined && votes > 0) drawVoteBadge(c, votes);
}
