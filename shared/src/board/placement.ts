import type { Area } from './area.ts';
import type { Point } from './geometry.ts';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from './note.ts';

const GAP = 16;
const CELL_W = NOTE_WIDTH + GAP;
const CELL_H = NOTE_HEIGHT + GAP;
/** Space kept under an area's title, and more when the area has a description (a table's question). */
const AREA_HEADER = 64;
const AREA_DESCRIPTION = 64;
/** Notes outside any area fill a grid this many columns wide, from the origin. */
const LOOSE_COLUMNS = 6;

function cellKey(col: number, row: number): string {
  return `${col}:${row}`;
}

/**
 * Finds `count` free places for new notes: inside `area` (row by row under its title, then
 * below it when it is full), or, without an area, in a loose grid from the board's origin.
 * A place is free when no existing note's top-left corner snaps to the same grid cell, so
 * notes posted at the same moment never land on top of each other.
 */
export function findFreeSpots(notes: Iterable<Note>, area: Area | null, count: number): Point[] {
  const header = area ? AREA_HEADER + (area.description ? AREA_DESCRIPTION : 0) : 0;
  const origin = area ? { x: area.rect.x + GAP, y: area.rect.y + header } : { x: 0, y: 0 };
  const columns = area ? Math.max(1, Math.floor((area.rect.w - GAP) / CELL_W)) : LOOSE_COLUMNS;
  const taken = new Set<string>();
  for (const note of notes) {
    const col = Math.round((note.pos.x - origin.x) / CELL_W);
    const row = Math.round((note.pos.y - origin.y) / CELL_H);
    if (col >= 0 && col < columns && row >= 0) taken.add(cellKey(col, row));
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
