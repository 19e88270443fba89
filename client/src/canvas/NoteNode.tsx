import { NOTE_COLORS, NOTE_HEIGHT, NOTE_TEXT_COLOR, NOTE_WIDTH, type Note } from '@tributary/shared';
import {
  FONT_FAMILY,
  NOTE_FONT_SIZE,
  NOTE_LABEL_FONT_SIZE,
  NOTE_LABEL_HEIGHT,
  NOTE_LINE_HEIGHT,
  NOTE_PADDING,
  SELECTION_COLOR,
} from '../editor/layout.ts';
import { NOTE_BORDERS, NOTE_LABEL_COLOR } from './colors.ts';
import { fitLine, wrapText } from './textLayout.ts';

const TEXT_FONT = `${NOTE_FONT_SIZE}px ${FONT_FAMILY}`;
const LABEL_FONT = `${NOTE_LABEL_FONT_SIZE}px ${FONT_FAMILY}`;
const LABEL_FONT_ITALIC = `italic ${NOTE_LABEL_FONT_SIZE}px ${FONT_FAMILY}`;
const LINE_PX = NOTE_FONT_SIZE * NOTE_LINE_HEIGHT;
const TEXT_WIDTH = NOTE_WIDTH - NOTE_PADDING * 2;

/** The vote badge: a dark disc with a white number (contrast well above 4.5:1), at least 13 px on screen. */
const VOTE_BADGE_FILL = '#0B4F4B';
const VOTE_BADGE_MIN_SCREEN_RADIUS = 13;
const VOTE_BADGE_RADIUS = 16;

function drawVoteBadge(c: CanvasRenderingContext2D, votes: number, zoom: number): void {
  const r = Math.min(VOTE_BADGE_RADIUS * 2, Math.max(VOTE_BADGE_RADIUS, VOTE_BADGE_MIN_SCREEN_RADIUS / zoom));
  const text = votes > 99 ? '99+' : String(votes);
  const w = Math.max(r * 2, r * (0.9 + 0.62 * text.length));
  // Overlapping the top-right corner, like a label pinned on the note.
  const cx = NOTE_WIDTH - r * 0.35;
  const cy = r * 0.35;
  c.beginPath();
  if (w > r * 2) {
    const half = w / 2 - r;
    c.arc(cx - half, cy, r, Math.PI / 2, (Math.PI * 3) / 2);
    c.arc(cx + half, cy, r, (Math.PI * 3) / 2, Math.PI / 2);
    c.closePath();
  } else {
    c.arc(cx, cy, r, 0, Math.PI * 2);
  }
  c.fillStyle = VOTE_BADGE_FILL;
  c.fill();
  c.lineWidth = Math.max(1.5, 2 / zoom);
  c.strokeStyle = '#FFFFFF';
  c.stroke();
  c.fillStyle = '#FFFFFF';
  c.font = `700 ${Math.round(r * 1.05)}px ${FONT_FAMILY}`;
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.fillText(text, cx, cy + r * 0.04);
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
  if (note.round !== undefined) tags.push({ text: `Round ${note.round + 1}`, strong: false });
  if (note.replyTo) tags.push({ text: '↳ builds on', strong: false });
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

export interface DrawNoteOptions {
  selected: boolean;
  /** Its text is being edited in the HTML overlay: draw only the paper. */
  editing: boolean;
  votes?: number | undefined;
  duplicates?: number | undefined;
  /** Board-to-screen scale, for hairlines and readable badges. */
  zoom: number;
}

/**
 * Draws one note at full detail in its own coordinates (0,0 to NOTE_WIDTH,NOTE_HEIGHT). Note
 * text is canvas text (fillText), never HTML. Used by NoteNode and by the PNG export.
 */
export function drawNote(c: CanvasRenderingContext2D, note: Note, { selected, editing, votes, duplicates, zoom }: DrawNoteOptions): void {
  const label = note.anonymous ? 'Anonymous' : (note.authorName ?? '');
  c.beginPath();
  c.rect(0, 0, NOTE_WIDTH, NOTE_HEIGHT);
  c.fillStyle = NOTE_COLORS[note.color];
  c.fill();
  c.lineWidth = (selected ? 3 : 1) / zoom;
  c.strokeStyle = selected ? SELECTION_COLOR : NOTE_BORDERS[note.color];
  c.stroke();
  c.textBaseline = 'middle';
  const tags = tagsOf(note, duplicates);
  const bottomRow = label !== '' || tags.length > 0;
  if (!editing && note.text !== '') {
    const textHeight = NOTE_HEIGHT - NOTE_PADDING - (bottomRow ? NOTE_LABEL_HEIGHT + 4 : NOTE_PADDING);
    const lines = wrapText(note.text, TEXT_FONT, TEXT_WIDTH, Math.max(1, Math.floor(textHeight / LINE_PX)));
    c.font = TEXT_FONT;
    c.fillStyle = NOTE_TEXT_COLOR;
    for (let i = 0; i < lines.length; i++) c.fillText(lines[i]!, NOTE_PADDING, NOTE_PADDING + LINE_PX * (i + 0.5));
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
  if (votes !== undefined && votes > 0) drawVoteBadge(c, votes, zoom);
}
