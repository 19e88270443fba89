import type * as Y from 'yjs';
import { DEFAULT_AREA_COLOR, isAreaColor, type AreaColor } from './colors.ts';
import { clampCoordinate, isRect, type Rect } from './geometry.ts';

/** Id prefix of areas: `area_…`. */
export const AREA_ID_PREFIX = 'area';
export const AREA_TITLE_MAX = 120;
export const AREA_MIN_SIZE = 120;
/** Longest area description (a World Cafe table's question, a river stage's words). */
export const AREA_DESCRIPTION_MAX = 1000;

/**
 * An area (frame) groups notes under a title: a World Cafe table, a river stage, a theme.
 * In the `board` document each area is a Y.Map under `areas`, keyed by id.
 */
export interface Area {
  id: string;
  title: string;
  /** Position and size as one value, so moving or resizing is one write. */
  rect: Rect;
  color: AreaColor;
  /** Areas are drawn in ascending order, and listed in that order for screen readers. */
  order: number;
  /** Optional longer text under the title: a table's question, what a stage is like. */
  description?: string;
}

export type AreaInput = Partial<Omit<Area, 'id'>> & { title: string; rect: Rect };

export function sanitizeAreaTitle(title: string): string {
  return title.slice(0, AREA_TITLE_MAX);
}

export function sanitizeRect(rect: Rect): Rect {
  return {
    x: clampCoordinate(rect.x),
    y: clampCoordinate(rect.y),
    w: Math.max(AREA_MIN_SIZE, Math.min(100_000, rect.w)),
    h: Math.max(AREA_MIN_SIZE, Math.min(100_000, rect.h)),
  };
}

/** Reads an area from its Y.Map; a record without a usable title or rectangle is skipped. */
export function readArea(id: string, map: Y.Map<unknown>): Area | null {
  const title = map.get('title');
  const rect = map.get('rect');
  if (typeof title !== 'string' || !isRect(rect)) return null;
  const color = map.get('color');
  const order = map.get('order');
  const description = map.get('description');
  return {
    id,
    title: sanitizeAreaTitle(title),
    rect: sanitizeRect(rect),
    color: isAreaColor(color) ? color : DEFAULT_AREA_COLOR,
    order: typeof order === 'number' && Number.isFinite(order) ? order : 0,
    ...(typeof description === 'string' && description !== '' ? { description: description.slice(0, AREA_DESCRIPTION_MAX) } : {}),
  };
}
