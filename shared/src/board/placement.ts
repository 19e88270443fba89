import type { Area } from './area.ts';
import { areaHeaderHeight } from './areaHeader.ts';
import { rectsIntersect } from './geometry.ts';
import type { Point } from './geometry.ts';
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
  const spots = area || areas.length === 0 ? findFreeSpots(staying, area, moving.length) : spotsRightOfAreas(staying, areas, moving.length);
  return moving.flatMap((id, i) => {
    const pos = spots[i];
    return pos ? [{ id, pos, areaId }] : [];
  });
}
