/**
 * Drawing the board layer with plain canvas calls, without React or Konva (so it can be unit
 * tested and reused): level-of-detail blocks, the whole scene, and the picture kept for pans.
 */
import type { Area } from '@tributary/shared/board/area';
import { NOTE_COLORS, type NoteColor } from '@tributary/shared/board/colors';
import type { Rect } from '@tributary/shared/board/geometry';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import { NOTE_FONT_SIZE, NOTE_PADDING, SELECTION_COLOR, textShows } from '../editor/layout.ts';
import { drawAreaLabels, drawAreaPanel } from './drawArea.ts';
import type { Link, OffsetOf } from './boardMarks.ts';
import { NOTE_BORDERS } from './colors.ts';
import { drawLinks } from './drawLinks.ts';
import { drawNote, drawNoteText, noteText, type PlacedNoteText } from './drawNote.ts';
import type { NoteImages } from '../sync/noteImages.ts';

/** Below this zoom a block is under 27 px wide: a 1 px gap separates blocks instead of a border. */
const TINY_ZOOM = 0.15;
/** The kept picture is never larger than this many device pixels on a side (else every frame draws live). */
const PICTURE_MAX_SIDE = 4096;

export interface BlockSet {
  /** Visible notes grouped by colour, in drawing order within each colour. */
  groups: ReadonlyArray<readonly [NoteColor, readonly Note[]]>;
  /** Notes with a repeated word (Word Association). */
  marked: readonly Note[];
  selected: readonly Note[];
  /**
   * Notes whose words are drawn larger than the standard size (short ones), largest first, with
   * their layout: zoomed out, their words still show while they are big enough to read.
   */
  large: ReadonlyArray<{ note: Note; text: PlacedNoteText }>;
  /** The size of those notes' words, by note id. */
  largeSize: ReadonlyMap<string, number>;
}

/**
 * The most notes near the view for which words are drawn over the blocks: with more, blocks only,
 * so zooming over a huge board stays smooth (each note's layout is measured once, then cached).
 */
export const MAX_TEXT_OVER_BLOCKS = 500;
/** Longer than this, a note's words are never drawn larger than the standard size: no need to lay them out here. */
const LARGE_TEXT_MAX_CHARS = 60;

export function blockSet(notes: readonly Note[], selected: ReadonlySet<string>, duplicates: ReadonlyMap<string, number> | null | undefined): BlockSet {
  const byColor = new Map<NoteColor, Note[]>();
  const large: Array<{ note: Note; text: PlacedNoteText }> = [];
  const withText = notes.length <= MAX_TEXT_OVER_BLOCKS;
  for (const note of notes) {
    let list = byColor.get(note.color);
    if (!list) byColor.set(note.color, (list = []));
    list.push(note);
    // A picture note's words go under its picture, at full detail only.
    if (!withText || note.text === '' || note.imageId || note.text.length > LARGE_TEXT_MAX_CHARS) continue;
    const dup = duplicates?.get(note.id);
    const text = noteText(note, (dup !== undefined && dup > 1) || note.round !== undefined || Boolean(note.replyTo));
    // Words at the standard size show only at full detail; larger ones over the blocks too.
    if (text.layout.fontSize > NOTE_FONT_SIZE) large.push({ note, text });
  }
  large.sort((a, b) => b.text.layout.fontSize - a.text.layout.fontSize);
  return {
    groups: [...byColor],
    marked: duplicates && duplicates.size > 0 ? notes.filter((n) => duplicates.has(n.id)) : [],
    selected: selected.size > 0 ? notes.filter((n) => selected.has(n.id)) : [],
    large,
    largeSize: new Map(large.map(({ note, text }) => [note.id, text.layout.fontSize])),
  };
}

/**
 * Level of detail for a zoomed-out board: every note as a plain coloured block, no text.
 * fillRect/strokeRect per block, not one path of thousands of rectangles: the canvas draws
 * axis-aligned rectangles on a fast path, while a big path goes through the general rasteriser
 * (several times slower in software rendering).
 */
export function drawBlocks(c: CanvasRenderingContext2D, set: BlockSet, offsetOf: OffsetOf, zoom: number): void {
  const each = (list: readonly Note[], draw: (x: number, y: number) => void) => {
    for (const note of list) {
      const o = offsetOf(note);
      draw(note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0));
    }
  };
  if (zoom < TINY_ZOOM) {
    // Tiny blocks: a border would be most of the block; a one-pixel gap keeps neighbours apart for half the work.
    const gap = 1 / zoom;
    for (const [color, list] of set.groups) {
      c.fillStyle = NOTE_COLORS[color];
      each(list, (x, y) => c.fillRect(x, y, NOTE_WIDTH - gap, NOTE_HEIGHT - gap));
    }
  } else {
    c.lineWidth = 1 / zoom;
    for (const [color, list] of set.groups) {
      c.fillStyle = NOTE_COLORS[color];
      c.strokeStyle = NOTE_BORDERS[color];
      each(list, (x, y) => {
        c.fillRect(x, y, NOTE_WIDTH, NOTE_HEIGHT);
        c.strokeRect(x, y, NOTE_WIDTH, NOTE_HEIGHT);
      });
    }
  }
  if (set.marked.length > 0) {
    // A dark band along the top of each repeated word: a stack of the same word stands out.
    // Where the word itself shows, the band shrinks to a strip above it.
    c.fillStyle = '#0B4F4B';
    for (const note of set.marked) {
      const o = offsetOf(note);
      const size = set.largeSize.get(note.id);
      const band = size !== undefined && textShows(size, zoom) ? NOTE_PADDING - 3 : NOTE_HEIGHT * 0.28;
      c.fillRect(note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0), NOTE_WIDTH, band);
    }
  }
  if (set.selected.length > 0) {
    c.lineWidth = 3 / zoom;
    c.strokeStyle = SELECTION_COLOR;
    each(set.selected, (x, y) => c.strokeRect(x, y, NOTE_WIDTH, NOTE_HEIGHT));
  }
  // The words of notes drawn large enough to read at this zoom (largest first, so the list stops early).
  for (const { note, text } of set.large) {
    if (!textShows(text.layout.fontSize, zoom)) break;
    const o = offsetOf(note);
    drawNoteText(c, text, note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0));
  }
}

export interface BoardSceneProps {
  /** Areas in view, in drawing order (with any move or resize preview applied). */
  areas: readonly Area[];
  /** Notes in view, in drawing order. */
  notes: readonly Note[];
  links: readonly Link[];
  offsetOf: OffsetOf;
  /** Zoomed out: notes as plain blocks (see drawBlocks). */
  lod: boolean;
  selected: ReadonlySet<string>;
  editingNoteId: string | null;
  editingAreaId: string | null;
  showGrip: boolean;
  /** Vote totals by note id, once shown (badges; not at low zoom). */
  noteTotals: Readonly<Record<string, number>> | null;
  /** Marker totals by area id, once shown. */
  areaTotals: Readonly<Record<string, number>> | null;
  /** Notes whose word comes up more than once (Word Association). */
  duplicates: ReadonlyMap<string, number> | null;
  /** The part of the board in view plus its margin: nothing outside it needs drawing. */
  cullRect: Rect | null;
  /** The pictures of picture notes (fetched with the person's token), when this board shows them. */
  images?: Pick<NoteImages, 'forBoard'> | null;
  /** Changes when a picture arrives: the kept picture of the scene is drawn again. */
  imageVersion?: number;
}

export interface Picture {
  canvas: HTMLCanvasElement;
  /** What it shows, in board units. */
  rect: Rect;
  zoom: number;
  ratio: number;
  /** The props it was drawn from. */
  source: BoardSceneProps;
}

/**
 * Draws the scene in board coordinates: areas, then links, then notes. Zoomed out, where notes
 * are plain blocks, the areas' titles and descriptions go last, over the blocks: from the back
 * of the room the labels are what can be read. Close up, notes stay on top, so nothing is drawn
 * over people's words.
 */
export function drawScene(c: CanvasRenderingContext2D, p: BoardSceneProps, blocks: BlockSet | null, zoom: number): void {
  const eachArea = (draw: typeof drawAreaPanel) => {
    for (const area of p.areas) {
      c.save();
      c.translate(area.rect.x, area.rect.y);
      draw(c, area, { zoom, editingTitle: area.id === p.editingAreaId, showGrip: p.showGrip, markers: p.areaTotals ? (p.areaTotals[area.id] ?? 0) : undefined });
      c.restore();
    }
  };
  eachArea(drawAreaPanel);
  if (!blocks) eachArea(drawAreaLabels);
  // Tiny blocks: a link's line and dot would be bigger than the notes it joins, clutter only.
  if (zoom >= TINY_ZOOM) drawLinks(c, p.links, p.offsetOf, zoom);
  if (blocks) {
    drawBlocks(c, blocks, p.offsetOf, zoom);
    eachArea(drawAreaLabels);
    return;
  }
  for (const note of p.notes) {
    const o = p.offsetOf(note);
    c.save();
    c.translate(note.pos.x + (o?.dx ?? 0), note.pos.y + (o?.dy ?? 0));
    drawNote(c, note, {
      selected: p.selected.has(note.id),
      editing: note.id === p.editingNoteId,
      votes: p.noteTotals?.[note.id],
      duplicates: p.duplicates?.get(note.id),
      zoom,
      image: note.imageId ? p.images?.forBoard(note.imageId) : undefined,
    });
    c.restore();
  }
}

/** Draws the scene into `reuse` (resized if needed) at this zoom, covering `cull`; null when too big. */
export function makePicture(
  reuse: HTMLCanvasElement | null,
  p: BoardSceneProps,
  blocks: BlockSet | null,
  cull: Rect,
  zoom: number,
  ratio: number,
): Picture | null {
  if (typeof document === 'undefined' || cull.w <= 0 || cull.h <= 0) return null;
  const scale = zoom * ratio;
  // Whole device pixels: one pixel of the picture for one pixel of the screen.
  const width = Math.ceil(cull.w * scale);
  const height = Math.ceil(cull.h * scale);
  if (width <= 0 || height <= 0 || width > PICTURE_MAX_SIDE || height > PICTURE_MAX_SIDE) return null;
  const canvas = reuse ?? document.createElement('canvas');
  // Reusing one canvas spares a 5 MB allocation (and its garbage) each time the view moves on.
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const c = canvas.getContext('2d');
  if (!c) return null;
  c.setTransform(1, 0, 0, 1, 0, 0);
  c.clearRect(0, 0, width, height);
  c.setTransform(scale, 0, 0, scale, -cull.x * scale, -cull.y * scale);
  drawScene(c, p, blocks, zoom);
  return { canvas, rect: { x: cull.x, y: cull.y, w: width / scale, h: height / scale }, zoom, ratio, source: p };
}

