import type * as Y from 'yjs';
import { DEFAULT_AREA_COLOR, type AreaColor } from './colors.ts';
import { clampCoordinate, isRect, type Rect } from './geometry.ts';
import { isYMap } from './note.ts';
import { AREA_MAX_SIZE, AREA_MIN_SIZE, AREA_RECORD, AREA_TITLE_MAX, type AreaRole } from './records.ts';

export { AREA_DESCRIPTION_MAX, AREA_MIN_SIZE, AREA_ROLES, AREA_TITLE_MAX, isAreaRole, type AreaRole } from './records.ts';

/** Id prefix of areas: `area_…`. */
export const AREA_ID_PREFIX = AREA_RECORD.idPrefix;

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
  /** What the area is for in its method (a stage, a table, the worst ideas): how features find it. */
  role?: AreaRole;
}

export type AreaInput = Partial<Omit<Area, 'id'>> & { title: string; rect: Rect };

export function sanitizeAreaTitle(title: string): string {
  return title.slice(0, AREA_TITLE_MAX);
}

export function sanitizeRect(rect: Rect): Rect {
  return {
    x: clampCoordinate(rect.x),
    y: clampCoordinate(rect.y),
    w: Math.max(AREA_MIN_SIZE, Math.min(AREA_MAX_SIZE, rect.w)),
    h: Math.max(AREA_MIN_SIZE, Math.min(AREA_MAX_SIZE, rect.h)),
  };
}

/** Reads an area from its Y.Map; a record without a usable title or rectangle is skipped, other bad values fall back. */
export function readArea(id: string, map: Y.Map<unknown>): Area | null {
  if (!isYMap(map)) return null;
  const f = AREA_RECORD.fields;
  const value = (name: string): unknown => {
    const v = map.get(name);
    return f[name]!.valid(v) ? v : undefined;
  };
  const title = map.get('title');
  const rect = map.get('rect');
  // Sizes out of range are clamped rather than dropped: a board made before the record layer may hold them.
  if (typeof title !== 'string' || !isRect(rect)) return null;
  const description = value('description');
  const role = value('role') as AreaRole | undefined;
  return {
    id,
    title: sanitizeAreaTitle(title),
    rect: sanitizeRect(rect),
    color: (value('color') as AreaColor | undefined) ?? DEFAULT_AREA_COLOR,
    order: (value('order') as number | undefined) ?? 0,
    ...(typeof description === 'string' && description !== '' ? { description } : {}),
    ...(role ? { role } : {}),
  };
}

/** What people call one area of each role, in plain words: "Which stage is this about?". */
export const AREA_ROLE_NAMES: Readonly<Record<AreaRole, string>> = {
  words: 'words area',
  theme: 'theme',
  table: 'table',
  problem: 'problem',
  worst: 'worst idea',
  solution: 'solution',
  stage: 'stage',
  rung: 'rung',
  suggestion: 'suggestion',
  cards: 'cards area',
  group: 'group area',
};

/** The areas with this role, in board order (the order people read them in). */
export function areasWithRole<A extends Pick<Area, 'role' | 'order' | 'id'>>(areas: Iterable<A>, role: AreaRole): A[] {
  const out: A[] = [];
  for (const area of areas) if (area.role === role) out.push(area);
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}
