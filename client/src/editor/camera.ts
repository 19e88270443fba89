import type { Point, Rect } from '@tributary/shared/board/geometry';

/**
 * The camera maps board units to screen pixels: `screen = board * zoom + (x, y)`.
 * (x, y) is where the board's origin sits on screen, in CSS pixels of the canvas element.
 */
export interface Camera {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * 5%: a board of a couple of thousand notes fits a laptop screen whole ("Show the whole
 * board" must show all of it); zoomed that far, notes are plain blocks and cost little.
 */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;
/** The zoom buttons step through these, like most drawing tools. */
export const ZOOM_STEPS = [0.05, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4] as const;

export const DEFAULT_CAMERA: Camera = { x: 0, y: 0, zoom: 1 };

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function screenToBoard(camera: Camera, p: Point): Point {
  return { x: (p.x - camera.x) / camera.zoom, y: (p.y - camera.y) / camera.zoom };
}

export function boardToScreen(camera: Camera, p: Point): Point {
  return { x: p.x * camera.zoom + camera.x, y: p.y * camera.zoom + camera.y };
}

/** Zooms so that the board point under `screenPoint` stays under it. */
export function zoomAt(camera: Camera, screenPoint: Point, zoom: number): Camera {
  const z = clampZoom(zoom);
  const anchor = screenToBoard(camera, screenPoint);
  return { x: screenPoint.x - anchor.x * z, y: screenPoint.y - anchor.y * z, zoom: z };
}

export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return { x: camera.x + dx, y: camera.y + dy, zoom: camera.zoom };
}

/** The part of the board the screen shows, in board units. */
export function viewportBounds(camera: Camera, size: Size): Rect {
  return {
    x: -camera.x / camera.zoom,
    y: -camera.y / camera.zoom,
    w: size.width / camera.zoom,
    h: size.height / camera.zoom,
  };
}

export function viewportCenter(camera: Camera, size: Size): Point {
  return screenToBoard(camera, { x: size.width / 2, y: size.height / 2 });
}

/** A camera that shows `point` in the middle of the screen at `zoom`. */
export function centerOn(point: Point, size: Size, zoom: number): Camera {
  const z = clampZoom(zoom);
  return { x: size.width / 2 - point.x * z, y: size.height / 2 - point.y * z, zoom: z };
}

/** A camera that shows all of `rect` with `padding` screen pixels around it, never zoomed past `maxZoom`. */
export function fitBounds(rect: Rect, size: Size, padding = 48, maxZoom = 1): Camera {
  const availW = Math.max(1, size.width - padding * 2);
  const availH = Math.max(1, size.height - padding * 2);
  const zoom = clampZoom(Math.min(maxZoom, availW / Math.max(1, rect.w), availH / Math.max(1, rect.h)));
  return centerOn({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }, size, zoom);
}

/** The smallest rectangle holding all of `rects`, or null when there are none. */
export function unionBounds(rects: Iterable<Rect>): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    if (r.x < minX) minX = r.x;
    if (r.y < minY) minY = r.y;
    if (r.x + r.w > maxX) maxX = r.x + r.w;
    if (r.y + r.h > maxY) maxY = r.y + r.h;
  }
  if (minX === Infinity) return null;
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** The next zoom step in a direction (+1 in, -1 out) from the current zoom. */
export function nextZoomStep(zoom: number, direction: 1 | -1): number {
  const eps = 0.001;
  if (direction > 0) {
    for (const step of ZOOM_STEPS) if (step > zoom + eps) return step;
    return MAX_ZOOM;
  }
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) {
    const step = ZOOM_STEPS[i]!;
    if (step < zoom - eps) return step;
  }
  return MIN_ZOOM;
}

/**
 * How much one wheel event zooms. `deltaMode` 1 is lines (Firefox mice), 2 pages.
 * Pinch on a trackpad arrives as ctrl+wheel with small deltas, so it gets a stronger factor.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number, pinch: boolean): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const limited = Math.max(-100, Math.min(100, pixels));
  return Math.exp(-limited * (pinch ? 0.01 : 0.002));
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/**
 * Two-finger pinch: the board point that was under the fingers' first midpoint follows the
 * midpoint (so two fingers pan too), and the zoom follows the change in finger distance.
 */
export function pinchCamera(start: Camera, startA: Point, startB: Point, a: Point, b: Point): Camera {
  const startDistance = Math.max(1, distance(startA, startB));
  const zoom = clampZoom(start.zoom * (distance(a, b) / startDistance));
  const anchor = screenToBoard(start, midpoint(startA, startB));
  const mid = midpoint(a, b);
  return { x: mid.x - anchor.x * zoom, y: mid.y - anchor.y * zoom, zoom };
}

export function camerasEqual(a: Camera, b: Camera): boolean {
  return a.x === b.x && a.y === b.y && a.zoom === b.zoom;
}

/** What "Fit" may show, from the most to the least: see {@link legibleFit}. */
export interface FitRegions {
  /** Everything on the board. */
  whole: Rect | null;
  /** The areas that hold notes, with the notes outside every area. */
  notes: Rect | null;
  /** The area the current step is about, if it names one. */
  step: Rect | null;
}

/** The zoom that shows `rect` whole with `padding` around it (no limits applied). */
function zoomToShow(rect: Rect, size: Size, padding: number): number {
  return Math.min(Math.max(1, size.width - padding * 2) / Math.max(1, rect.w), Math.max(1, size.height - padding * 2) / Math.max(1, rect.h));
}

/**
 * "Fit" for people who need to read the board: the largest of the regions that fits the screen
 * at a zoom where the notes' words still show (`minZoom`), from the whole board to the areas that
 * hold notes to the step's own area. When even that is too big, the zoom stays at `minZoom`
 * and the view starts at the region's top-left corner (where reading starts): people pan from
 * there. Never past 100%, never below MIN_ZOOM.
 */
export function legibleFit(regions: FitRegions, size: Size, minZoom: number, padding = 48): Camera {
  const floor = clampZoom(Math.min(1, minZoom));
  for (const rect of [regions.whole, regions.notes, regions.step]) {
    if (rect && zoomToShow(rect, size, padding) >= floor) return fitBounds(rect, size, padding, 1);
  }
  const rect = regions.step ?? regions.notes ?? regions.whole;
  if (!rect) return centerOn({ x: 0, y: 0 }, size, 1);
  const fitsAcross = rect.w * floor <= size.width - padding * 2;
  const fitsDown = rect.h * floor <= size.height - padding * 2;
  // Centred along a side that fits, from the start along one that does not.
  const x = fitsAcross ? size.width / 2 - (rect.x + rect.w / 2) * floor : padding - rect.x * floor;
  const y = fitsDown ? size.height / 2 - (rect.y + rect.h / 2) * floor : padding - rect.y * floor;
  return { x, y, zoom: floor };
}
