import type { Area } from './area.ts';
import { areaHeaderHeight } from './areaHeader.ts';
import { rectsIntersect } from './geometry.ts';
import type { Point, Rect } from './geometry.ts';
import { AREA_MAX_SIZE } from './records.ts';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from './note.ts';

const GAP = 16;
const CELL_W = NOTE_WIDTH + GAP;
const CELL_H = NOTE_HEIGHT + GAP;
/** Notes outside any area fill a grid this many columns wide, from the origin. */
const LOOSE_COLUMNS = 6;

function cellKey(col: number, row: number): string {
  return `${col}:${row}`;
}

/**
 * The grid slots (0-based, relative to the first slot) that a note at `offset` overlaps along
 * one axis, whose slots are `size` long and start every `pitch`.
 */
function slotsOverlapped(offset: number, size: number, pitch: number): [number, number] {
  return [Math.floor((offset - size) / pitch) + 1, Math.ceil((offset + size) / pitch) - 1];
}

/**
 * Finds `count` free places for new notes: inside `area` (row by row under its title and
 * description, then below it when it is full), or, without an area, in a loose grid from the
 * board's origin. A place is free when no existing note overlaps it, so notes posted at the same
 * moment, or next to one dragged off the grid, never land on top of each other.
 */
export function findFreeSpots(notes: Iterable<Note>, area: Area | null, count: number): Point[] {
  const header = area ? areaHeaderHeight(area) : 0;
  const origin = area ? { x: area.rect.x + GAP, y: area.rect.y + header } : { x: 0, y: 0 };
  const columns = area ? Math.max(1, Math.floor((area.rect.w - GAP) / CELL_W)) : LOOSE_COLUMNS;
  const taken = new Set<string>();
  for (const note of notes) {
    const [firstCol, lastCol] = slotsOverlapped(note.pos.x - origin.x, NOTE_WIDTH, CELL_W);
    const [firstRow, lastRow] = slotsOverlapped(note.pos.y - origin.y, NOTE_HEIGHT, CELL_H);
    for (let col = Math.max(0, firstCol); col <= Math.min(columns - 1, lastCol); col++) {
      for (let row = Math.max(0, firstRow); row <= lastRow; row++) taken.add(cellKey(col, row));
    }
  }
  const spots: Point[] = [];
  for (let i = 0; spots.length < count && i < 100_000; i++) {
    const col = i % columns;
    const row = Math.floor(i / columns);
    if (taken.has(cellKey(col, row))) continue;
    spots.push({ x: origin.x + col * CELL_W, y: origin.y + row * CELL_H });
  }
  return spots;
}

/** A free column to the right of every area, from the top of the highest one, for `count` notes. */
function spotsRightOfAreas(others: readonly Note[], areas: readonly Area[], count: number): Point[] {
  let right = 0;
  let top = Infinity;
  for (const a of areas) {
    right = Math.max(right, a.rect.x + a.rect.w);
    top = Math.min(top, a.rect.y);
  }
  const x = right + 48;
  const spots: Point[] = [];
  const clash = (p: Point) =>
    others.some((n) => rectsIntersect({ x: p.x, y: p.y, w: NOTE_WIDTH, h: NOTE_HEIGHT }, { x: n.pos.x, y: n.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT })) ||
    spots.some((s) => s.y === p.y);
  for (let y = Number.isFinite(top) ? top : 0, i = 0; spots.length < count && i < 100_000; i++, y += CELL_H) {
    if (!clash({ x, y })) spots.push({ x, y });
  }
  return spots;
}

/**
 * Free places for notes that belong to no area (free placement): never over an area, its header
 * or another note. Beside the areas when there are any (a column to the right of them all),
 * otherwise a loose grid from the board's origin.
 */
export function findLooseSpots(notes: readonly Note[], areas: readonly Area[], count: number): Point[] {
  return areas.length === 0 ? findFreeSpots(notes, null, count) : spotsRightOfAreas(notes, areas, count);
}

/** What making room in an area changes: new rectangles for areas, new places for loose notes. */
export interface AreaGrowth {
  rects: Array<{ id: string; rect: Rect }>;
  /** Notes in no area that sat below the grown area, moved down with what is around them. */
  looseMoves: Array<{ id: string; pos: Point }>;
}

/** Space kept between the last row of notes and the bottom edge of an area. */
const BOTTOM_MARGIN = GAP;

/**
 * Makes an area tall enough for notes at `spots` (rows found below its bottom edge when it is
 * full): the area grows, and every area and loose note below it, across its width, moves down
 * by the same amount, so the grown area covers nothing (a rung of the ladder pushes the rungs
 * under it down; a World Cafe table the one under it). Null when the spots fit already.
 * Notes inside the areas that move travel with them (setAreaRect).
 */
export function planAreaGrowth(area: Area, spots: readonly Point[], areas: readonly Area[], notes: readonly Note[]): AreaGrowth | null {
  const { x, y, w, h } = area.rect;
  const needed = Math.max(0, ...spots.map((p) => p.y + NOTE_HEIGHT + BOTTOM_MARGIN - y));
  const height = Math.min(AREA_MAX_SIZE, needed);
  if (height <= h) return null;
  const delta = height - h;
  const bottom = y + h;
  const across = (left: number, width: number) => left < x + w && left + width > x;
  const rects: AreaGrowth['rects'] = [{ id: area.id, rect: { x, y, w, h: height } }];
  for (const other of areas) {
    if (other.id === area.id || other.rect.y < bottom || !across(other.rect.x, other.rect.w)) continue;
    rects.push({ id: other.id, rect: { ...other.rect, y: other.rect.y + delta } });
  }
  const looseMoves: AreaGrowth['looseMoves'] = [];
  for (const note of notes) {
    if (note.areaId !== null || note.pos.y < bottom || !across(note.pos.x, NOTE_WIDTH)) continue;
    looseMoves.push({ id: note.id, pos: { x: note.pos.x, y: note.pos.y + delta } });
  }
  return { rects, looseMoves };
}

/**
 * Where notes go when they are moved to an area without dragging (the keyboard "Move to…" menus
 * on the canvas, in the list view and in the Words list): free spots inside the area; or, for
 * "not in an area", a free column to the right of every area (a loose grid when there are none).
 * Notes already in that area stay where they are.
 */
export function planMoveToArea(
  notes: ReadonlyMap<string, Note>,
  areas: readonly Area[],
  ids: readonly string[],
  areaId: string | null,
): Array<{ id: string; pos: Point; areaId: string | null }> {
  const area = areaId ? (areas.find((a) => a.id === areaId) ?? null) : null;
  if (areaId && !area) return [];
  const moving = ids.filter((id) => {
    const note = notes.get(id);
    return note !== undefined && note.areaId !== areaId;
  });
  if (moving.length === 0) return [];
  const movingSet = new Set(moving);
  const staying = [...notes.values()].filter((n) => !movingSet.has(n.id));
  const spots = area ? findFreeSpots(staying, area, moving.length) : findLooseSpots(staying, areas, moving.length);
  return moving.flatMap((id, i) => {
    const pos = spots[i];
    return pos ? [{ id, pos, areaId }] : [];
  });
}
