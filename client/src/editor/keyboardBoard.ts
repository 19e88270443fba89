/**
 * Keyboard access to the board without the canvas: notes in reading order (Tab / Shift+Tab),
 * what to announce when one is selected, and where notes go when moved into an area by a
 * "Move to…" menu. No React, so it can be unit tested. The phone's reading view uses it too, so
 * what the keys do to the editor lives apart, in keyboard.ts.
 */
import type { Area } from '@tributary/shared/board/area';
import { NOTE_HEIGHT, type Note } from '@tributary/shared/board/note';
import { t } from '../i18n/i18n.ts';

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
export function selectionAnnouncement(
  note: Pick<Note, 'text' | 'areaId' | 'imageId' | 'imageKind'> | undefined,
  areas: ReadonlyMap<string, Pick<Area, 'title'>>,
): string {
  if (!note) return '';
  // A picture note is heard as its text alternative (what it is, when nobody described it yet).
  // Its words only (not noteWords' "Drawing: …"), as the board has always announced a selection.
  const words = note.text.trim();
  const undescribed = note.imageKind === 'sketch' ? t('room.drawingNotDescribed') : t('room.pictureNotDescribed');
  const text = words !== '' ? words : note.imageId ? undescribed : t('board.anEmptyNote');
  const area = note.areaId ? areas.get(note.areaId) : undefined;
  return area
    ? t('board.selectedNoteIn', { text, area: area.title.trim() || t('board.anUntitledArea') })
    : t('board.selectedNoteNoArea', { text });
}

/** The one rule for keyboard moves lives in shared, beside findFreeSpots. */
export { planMoveToArea } from '@tributary/shared/board/placement';
