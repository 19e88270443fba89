import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import type { VoteTarget } from '@tributary/shared/control/steps';
import { exportFileName } from '@tributary/shared/exportFileName';
import type { NoteImages } from '../sync/noteImages.ts';
import { compareNotes } from '../editor/spatialIndex.ts';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import { drawArea } from './drawArea.ts';
import { isWordsBoard } from '@tributary/shared/board/words';
import { duplicateCounts, visibleLinks } from './boardMarks.ts';
import { drawLinks } from './drawLinks.ts';
import { drawNote } from './drawNote.ts';
import { layoutResults, type PictureResults } from './resultsPicture.ts';

/**
 * "Download picture of the board": every note at full detail (never the low-zoom blocks), with
 * its links, vote badges and tags, drawn on an offscreen canvas the size of the content, and
 * under it the session's results (resultsPicture.ts), saved as tributary-<title>.png. Note and area text is canvas text (fillText): nothing from the board
 * becomes HTML.
 */

export interface ExportRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Space around the content, in board units. */
const MARGIN = 32;
const PIXEL_RATIO = 2;
/** Browsers refuse canvases much larger than this (Safari: about 16.7 million pixels). */
const MAX_PIXELS = 16_000_000;
const MAX_SIDE = 16_000;
const BACKGROUND = '#FAF8F4';

function noteRect(note: Note): ExportRect {
  return { x: note.pos.x, y: note.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT };
}

function intersects(a: ExportRect, b: ExportRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The smallest rectangle holding all `rects`, or null when there are none. */
export function unionOf(rects: Iterable<ExportRect>): ExportRect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** Bounds of everything on the board, or null when it is empty. */
export function contentBounds(board: Pick<BoardSnapshot, 'notes' | 'areas'>): ExportRect | null {
  const rects: ExportRect[] = [];
  for (const note of board.notes.values()) rects.push(noteRect(note));
  for (const area of board.areas.values()) rects.push(area.rect);
  return unionOf(rects);
}

/** The file name: tributary-<title>.png, by the rule every export follows (exportFileName in shared). */
export function pictureFileName(title: string): string {
  return exportFileName(title, 'png');
}

/** Pixel ratio 2, unless that would make a canvas larger than browsers allow. */
export function exportPixelRatio(width: number, height: number): number {
  const bySide = MAX_SIDE / Math.max(width, height);
  const byArea = Math.sqrt(MAX_PIXELS / (width * height));
  return Math.max(0.1, Math.min(PIXEL_RATIO, bySide, byArea));
}

export interface ExportMarks {
  /** Vote totals once shown: badges on notes, or marker counts on areas (voteTarget 'areas'). */
  voteTotals?: Readonly<Record<string, number>> | null;
  voteTarget?: VoteTarget;
  /**
   * The session's results (word cloud, vote bars, marker rounds side by side, whole cards), drawn
   * under the board. Left out of a picture of a selection.
   */
  results?: PictureResults | null;
  /** Picture notes' pictures, fetched beforehand (NoteImages.whenDrawn); without them, their words alone show. */
  images?: Pick<NoteImages, 'forBoard'> | null;
}

/** The results part is at least this wide, so its text stays large beside a narrow board. */
const RESULTS_MIN_WIDTH = 1200;

/**
 * Draws `board` (or the part inside `only`) on an offscreen canvas and answers a PNG data URL,
 * or null when there is nothing to draw. The same drawing code as the board at full detail:
 * areas (with marker counts), "builds on" links, notes with their vote badges and tags.
 */
export function renderBoardPng(board: Pick<BoardSnapshot, 'notes' | 'areas'>, only: ExportRect | null = null, marks: ExportMarks = {}): string | null {
  const content = only ?? contentBounds(board);
  if (!content) return null;
  const frame = { x: content.x - MARGIN, y: content.y - MARGIN, w: content.w + MARGIN * 2, h: content.h + MARGIN * 2 };
  const results = only ? null : (marks.results ?? null);
  const panelWidth = Math.max(content.w, RESULTS_MIN_WIDTH);
  const panel = results ? layoutResults(results, panelWidth) : null;
  const width = Math.ceil(Math.max(frame.w, panelWidth + MARGIN * 2));
  const height = Math.ceil(frame.h + (panel ? panel.height + MARGIN * 2 : 0));
  const ratio = exportPixelRatio(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const c = canvas.getContext('2d');
  if (!c) return null;
  try {
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, width, height);
    c.translate(-frame.x, -frame.y);
    const areaTotals = marks.voteTarget === 'areas' ? (marks.voteTotals ?? null) : null;
    const noteTotals = marks.voteTarget === 'areas' ? null : (marks.voteTotals ?? null);
    const areas = [...board.areas.values()].filter((a) => intersects(a.rect, frame)).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    for (const area of areas) {
      c.save();
      c.translate(area.rect.x, area.rect.y);
      drawArea(c, area, { zoom: 1, markers: areaTotals ? (areaTotals[area.id] ?? 0) : undefined });
      c.restore();
    }
    const notes = [...board.notes.values()].filter((n) => intersects(noteRect(n), frame)).sort(compareNotes);
    drawLinks(c, visibleLinks(notes), () => undefined, 1);
    const duplicates = isWordsBoard(board.areas.values()) ? duplicateCounts(board.notes.values()) : null;
    for (const note of notes) {
      c.save();
      c.translate(note.pos.x, note.pos.y);
      drawNote(c, note, {
        selected: false,
        editing: false,
        votes: noteTotals?.[note.id],
        duplicates: duplicates?.get(note.id),
        zoom: 1,
        image: note.imageId ? (marks.images?.forBoard(note.imageId) ?? { kind: 'failed' }) : undefined,
      });
      c.restore();
    }
    if (panel) {
      // Under the board, a rule, then the results, left-aligned with the board's content.
      c.setTransform(ratio, 0, 0, ratio, 0, 0);
      c.fillStyle = '#d9d4ca';
      c.fillRect(MARGIN, frame.h, width - MARGIN * 2, 2);
      c.translate(MARGIN, frame.h + MARGIN);
      panel.draw(c);
    }
    return canvas.toDataURL('image/png');
  } finally {
    // Free the pixels now rather than at the next collection (a board picture can be 60 MB).
    canvas.width = 0;
    canvas.height = 0;
  }
}

/** Renders and downloads the picture; answers false when the board is empty. */
export function downloadBoardPng(
  board: Pick<BoardSnapshot, 'notes' | 'areas'>,
  title: string,
  only: ExportRect | null = null,
  marks: ExportMarks = {},
): boolean {
  const url = renderBoardPng(board, only, marks);
  if (!url) return false;
  const link = document.createElement('a');
  link.href = url;
  link.download = pictureFileName(title);
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  return true;
}
