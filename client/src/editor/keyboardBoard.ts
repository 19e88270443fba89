/**
 * Keyboard access to the board without the canvas: notes in reading order (Tab / Shift+Tab),
 * what to announce when one is selected, and where notes go when moved into an area by a
 * "Move to…" menu. No React, so it can be unit tested.
 */
import { NOTE_HEIGHT, areaAt, findFreeSpots, type Area, type Note, type Point } from '@tributary/shared';

/** Notes whose tops are this close count as one row when reading the board. */
const ROW_TOLERANCE = NOTE_HEIGHT / 2;

/** Notes in reading order: top to bottom in rows, left to right within a row. */
export function notesInReadingOrder<T extends Pick<Note, 'id' | 'pos'>>(notes: Iterable<T>): T[] {
  const byY = [...notes].sort((a, b) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.id.localeCompare(b.id));
  const rows: T[][] = [];
  let rowTop = Number.NEGATIVE_INFINITY;
  for (const note of byY) {
    if (rows.length === 0 || note.pos.y - rowTop > ROW_TOLERANCE) {
      rows.push([note]);
      rowTop = note.pos.y;
    } else {
      rows[rows.length - 1]!.push(note);
    }
  }
  return rows.flatMap((row) => row.sort((a, b) => a.pos.x - b.pos.x || a.id.localeCompare(b.id)));
}

/**
 * The note Tab (or Shift+Tab) selects next, from the current selection. Null past the last (or
 * before the first) note, so focus can leave the board as usual.
 */
export function nextNoteId(order: readonly string[], selected: ReadonlySet<string>, backward: boolean): string | null {
  if (order.length === 0) return null;
  let current = -1;
  if (selected.size > 0) {
    // From the last selected note going forward, the first going back.
    for (let i = 0; i < order.length; i++) {
      if (!selected.has(order[i]!)) continue;
      if (backward) {
        current = i;
        break;
      }
      current = i;
    }
  }
  if (current < 0) return backward ? order[order.length - 1]! : order[0]!;
  const next = current + (backward ? -1 : 1);
  return next >= 0 && next < order.length ? order[next]! : null;
}

/** What a screen reader hears when a note is selected: "Selected note: hope, in Theme 1". */
export function selectionAnnouncement(note: Pick<Note, 'text' | 'areaId'> | undefined, areas: ReadonlyMap<string, Pick<Area, 'title'>>): string {
  if (!note) return '';
  const text = note.text.trim() === '' ? 'an empty note' : note.text.trim();
  const area = note.areaId ? areas.get(note.areaId) : undefined;
  const where = area ? `in ${area.title.trim() || 'an untitled area'}` : 'not in an area';
  return `Selected note: ${text}, ${where}`;
}

/**
 * Moves for "Move to…": the notes go into free spots inside `area` (row by row under its title),
 * or, with no area, into free spots on the board outside every area. Notes already there stay put.
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
  let spots: Point[];
  if (area) {
    spots = findFreeSpots(staying, area, moving.length);
  } else {
    // The loose grid starts at the board's origin, where an area may sit: skip spots inside areas.
    spots = [];
    for (let want = moving.length; spots.length < moving.length && want < moving.length + 5000; want *= 2) {
      spots = findFreeSpots(staying, null, want).filter((p) => areaAt(areas, p) === null).slice(0, moving.length);
    }
  }
  return moving.flatMap((id, i) => {
    const pos = spots[i];
    return pos ? [{ id, pos, areaId }] : [];
  });
}
