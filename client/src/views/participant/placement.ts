// Subpath imports: the package index also carries the HTTP schemas (TypeBox), which phones never need.
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';
import type { Area } from '@tributary/shared/board/area';
import type { Point, Rect } from '@tributary/shared/board/geometry';

/** Spacing of the grid that phone notes are dropped on; a little more than a note, so they never touch. */
const CELL_W = NOTE_WIDTH + 24;
const CELL_H = NOTE_HEIGHT + 24;
const COLUMNS = 8;

/**
 * Where a note posted from a phone lands: the first free cell of a simple grid (row by row,
 * eight across), so new notes sit beside and below what is already there instead of on top of it.
 * Cells covered by any note or area count as taken; the facilitator arranges from there.
 * Two phones posting at the same moment see the same free cells, so each picks one of the
 * first few at random and nudges it slightly: notes may sit close, but never exactly stacked.
 */
export function freeSpot(notes: Iterable<Note>, areas: Iterable<Area>, random: () => number = Math.random): Point {
  const taken = new Set<number>();
  const mark = (rect: Rect) => {
    if (rect.x + rect.w < 0 || rect.y + rect.h < 0) return;
    const c0 = Math.max(0, Math.floor(rect.x / CELL_W));
    const c1 = Math.min(COLUMNS - 1, Math.floor((rect.x + rect.w - 1) / CELL_W));
    const r0 = Math.max(0, Math.floor(rect.y / CELL_H));
    const r1 = Math.floor((rect.y + rect.h - 1) / CELL_H);
    // A huge area would mark thousands of rows; cap what one record can cover.
    for (let r = r0; r <= Math.min(r1, r0 + 400); r++) for (let c = c0; c <= c1; c++) taken.add(r * COLUMNS + c);
  };
  for (const note of notes) mark({ x: note.pos.x, y: note.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
  for (const area of areas) mark(area.rect);

  const free: number[] = [];
  for (let cell = 0; free.length < 3; cell++) if (!taken.has(cell)) free.push(cell);
  const cell = free[Math.floor(random() * free.length)] ?? free[0]!;
  const jitter = () => Math.round((random() - 0.5) * 16);
  return {
    x: (cell % COLUMNS) * CELL_W + 12 + jitter(),
    y: Math.floor(cell / COLUMNS) * CELL_H + 12 + jitter(),
  };
}
