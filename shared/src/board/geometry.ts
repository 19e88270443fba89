/** A point on the board, in board units (1 unit = 1 CSS pixel at zoom 1). */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle on the board. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Board coordinates are kept inside this square so a hostile value cannot break rendering. */
export const BOARD_LIMIT = 1_000_000;

export function clampCoordinate(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(-BOARD_LIMIT, Math.min(BOARD_LIMIT, value));
}

export function isPoint(value: unknown): value is Point {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isFinite(v.x) && Number.isFinite(v.y);
}

export function isRect(value: unknown): value is Rect {
  if (!isPoint(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  return Number.isFinite(v.w) && Number.isFinite(v.h) && (v.w as number) > 0 && (v.h as number) > 0;
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function rectContainsPoint(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

/** The smallest rectangle that holds both corners, whichever way round they are given. */
export function rectFromCorners(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}
