import type { Area } from '@tributary/shared/board/area';
import { AREA_TITLE_FONT_SIZE } from '@tributary/shared/board/areaHeader';
import type { Point, Rect } from '@tributary/shared/board/geometry';

/** The font of notes and titles, shared by the canvas' text and the HTML editors laid over it. */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
/** A note's words at their standard size (short notes are drawn larger: canvas/textLayout.ts). */
export const NOTE_FONT_SIZE = 16;

/**
 * Text is drawn whenever it would be at least this many pixels on screen: smaller, it is a grey
 * smudge nobody can read, and skipping it is what keeps a zoomed-out board of thousands of notes fast.
 */
export const TEXT_MIN_SCREEN_PX = 6;

/** Whether text of this size (board units) is drawn at this zoom. */
export function textShows(fontSize: number, zoom: number): boolean {
  return fontSize * zoom >= TEXT_MIN_SCREEN_PX - 1e-9;
}

/**
 * Below this zoom, where words at the standard size would be under TEXT_MIN_SCREEN_PX, notes are
 * drawn as plain coloured blocks, with the words only of notes drawn large enough to read.
 */
export const LOD_ZOOM = TEXT_MIN_SCREEN_PX / NOTE_FONT_SIZE;
export const NOTE_LINE_HEIGHT = 1.3;
export const NOTE_PADDING = 12;
export const NOTE_LABEL_FONT_SIZE = 12;
export const NOTE_LABEL_HEIGHT = 20;

/** Selected things get this thick dark outline (contrast above 3:1 on every fill). */
export const SELECTION_COLOR = '#0B6E69';

/** Titles never get smaller than this on screen, so a zoomed-out board stays labelled. */
export const AREA_TITLE_MIN_SCREEN_PX = 14;
/** The grab size of an area's resize handle on screen (WCAG 2.5.8 wants at least 24 px). */
export const RESIZE_HANDLE_SCREEN_PX = 24;

export const DEFAULT_AREA_SIZE = { w: 640, h: 440 };

/** Font size of an area title in board units at this zoom. */
export function areaTitleFontSize(zoom: number): number {
  return Math.max(AREA_TITLE_FONT_SIZE, AREA_TITLE_MIN_SCREEN_PX / zoom);
}

/** Height of the title bar (the part you drag to move an area), in board units. */
export function areaTitleBarHeight(area: Pick<Area, 'rect'>, zoom: number): number {
  return Math.min(area.rect.h, areaTitleFontSize(zoom) * 2);
}

/** The bottom-right grab square, in board units, sized in screen pixels. */
export function areaResizeHandleRect(area: Pick<Area, 'rect'>, zoom: number): Rect {
  const size = RESIZE_HANDLE_SCREEN_PX / zoom;
  return { x: area.rect.x + area.rect.w - size, y: area.rect.y + area.rect.h - size, w: size, h: size };
}

export function pointInRect(p: Point, r: Rect): boolean {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}
