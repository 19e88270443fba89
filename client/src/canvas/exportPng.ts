import Konva from 'konva';
import { AREA_COLORS, NOTE_HEIGHT, NOTE_TEXT_COLOR, NOTE_WIDTH, type Area, type Note } from '@tributary/shared';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import { FONT_FAMILY, areaTitleBarHeight, areaTitleFontSize } from '../editor/layout.ts';
import { AREA_BORDERS, PLACEHOLDER_COLOR } from './colors.ts';
import { drawNote } from './NoteNode.tsx';

/**
 * "Download picture of the board": every note at full detail (never the low-zoom blocks),
 * drawn on an offscreen Konva stage the size of the content, saved as tributary-<title>.png.
 * Note and area text is canvas text (fillText / Konva.Text): nothing from the board becomes HTML.
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

/** The file name: tributary-<title>.png, with characters file systems refuse taken out. */
export function pictureFileName(title: string): string {
  const safe = title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^\.+/, '')
    .slice(0, 80);
  return `tributary-${safe || 'board'}.png`;
}

/** Pixel ratio 2, unless that would make a canvas larger than browsers allow. */
export function exportPixelRatio(width: number, height: number): number {
  const bySide = MAX_SIDE / Math.max(width, height);
  const byArea = Math.sqrt(MAX_PIXELS / (width * height));
  return Math.max(0.1, Math.min(PIXEL_RATIO, bySide, byArea));
}

function areaGroup(area: Area): Konva.Group {
  const { w, h } = area.rect;
  const bar = areaTitleBarHeight(area, 1);
  const font = areaTitleFontSize(1);
  const pad = Math.min(font * 0.6, w / 8);
  const border = AREA_BORDERS[area.color];
  const group = new Konva.Group({ x: area.rect.x, y: area.rect.y, listening: false });
  group.add(new Konva.Rect({ width: w, height: h, fill: AREA_COLORS[area.color], stroke: border, strokeWidth: 1, cornerRadius: Math.min(8, w / 20) }));
  group.add(new Konva.Line({ points: [0, bar, w, bar], stroke: border, strokeWidth: 1 }));
  group.add(
    new Konva.Text({
      x: pad,
      y: (bar - font * 1.2) / 2,
      width: Math.max(0, w - pad * 2),
      height: font * 1.25,
      text: area.title === '' ? 'Untitled area' : area.title,
      fontSize: font,
      fontStyle: 'bold',
      fontFamily: FONT_FAMILY,
      fill: area.title === '' ? PLACEHOLDER_COLOR : NOTE_TEXT_COLOR,
      wrap: 'none',
      ellipsis: true,
    }),
  );
  if (area.description) {
    const size = 20;
    const top = bar + pad * 0.6;
    const lines = Math.min(6, Math.floor((h - top - pad) / (size * 1.3)));
    if (lines >= 1) {
      group.add(
        new Konva.Text({
          x: pad,
          y: top,
          width: Math.max(0, w - pad * 2),
          height: size * 1.3 * lines,
          text: area.description,
          fontSize: size,
          lineHeight: 1.3,
          fontFamily: FONT_FAMILY,
          fill: NOTE_TEXT_COLOR,
          wrap: 'word',
          ellipsis: true,
        }),
      );
    }
  }
  return group;
}

function noteShape(note: Note): Konva.Shape {
  return new Konva.Shape({
    x: note.pos.x,
    y: note.pos.y,
    width: NOTE_WIDTH,
    height: NOTE_HEIGHT,
    listening: false,
    perfectDrawEnabled: false,
    sceneFunc: (context) => drawNote(context._context, note, { selected: false, editing: false, zoom: 1 }),
  });
}

/**
 * Draws `board` (or the part inside `only`) on an offscreen stage and answers a PNG data URL,
 * or null when there is nothing to draw.
 */
export function renderBoardPng(board: Pick<BoardSnapshot, 'notes' | 'areas'>, only: ExportRect | null = null): string | null {
  const content = only ?? contentBounds(board);
  if (!content) return null;
  const frame = { x: content.x - MARGIN, y: content.y - MARGIN, w: content.w + MARGIN * 2, h: content.h + MARGIN * 2 };
  const width = Math.ceil(frame.w);
  const height = Math.ceil(frame.h);
  const container = document.createElement('div');
  const stage = new Konva.Stage({ container, width, height, listening: false });
  try {
    const layer = new Konva.Layer({ listening: false, imageSmoothingEnabled: true });
    stage.add(layer);
    layer.add(new Konva.Rect({ x: 0, y: 0, width, height, fill: BACKGROUND }));
    const world = new Konva.Group({ x: -frame.x, y: -frame.y });
    layer.add(world);
    const areas = [...board.areas.values()].filter((a) => intersects(a.rect, frame)).sort((a, b) => a.order - b.order);
    for (const area of areas) world.add(areaGroup(area));
    for (const note of board.notes.values()) {
      if (intersects(noteRect(note), frame)) world.add(noteShape(note));
    }
    return stage.toDataURL({ pixelRatio: exportPixelRatio(width, height), mimeType: 'image/png' });
  } finally {
    stage.destroy();
  }
}

/** Renders and downloads the picture; answers false when the board is empty. */
export function downloadBoardPng(board: Pick<BoardSnapshot, 'notes' | 'areas'>, title: string, only: ExportRect | null = null): boolean {
  const url = renderBoardPng(board, only);
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
