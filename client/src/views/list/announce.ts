import { activeLanguage, t } from '../../i18n/i18n.ts';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { shortAreaName, sortAreas } from './readingOrder.ts';

/** How often new notes are announced: in batches, never one by one. */
export const ANNOUNCE_INTERVAL_MS = 2000;

/**
 * "3 new notes in Table 2", "1 new note in Table 1 and 2 in Table 3", "2 new notes": one
 * sentence for a batch of new notes, by area in the board's order, outside the areas last.
 */
export function describeNewNotes(notes: readonly Note[], areas: ReadonlyMap<string, Area>): string {
  if (notes.length === 0) return '';
  const counts = new Map<string | null, number>();
  for (const note of notes) {
    const key = note.areaId && areas.has(note.areaId) ? note.areaId : null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // The first part names the notes ("2 new notes in Table 1"), the others only count ("1 in Table 3").
  const parts: string[] = [];
  const say = (count: number, area: string | null) => {
    const first = parts.length === 0;
    if (area === null) parts.push(t(first ? 'room.newNotesOutside' : 'room.moreOutside', { count }));
    else parts.push(t(first ? 'room.newNotesIn' : 'room.moreIn', { count, area }));
  };
  for (const area of sortAreas(areas.values())) {
    const count = counts.get(area.id);
    if (count) say(count, shortAreaName(area.title));
  }
  const loose = counts.get(null);
  if (loose && areas.size === 0) parts.push(t('room.newNotes', { count: loose }));
  else if (loose) say(loose, null);
  return new Intl.ListFormat(activeLanguage().code, { type: 'conjunction' }).format(parts);
}

// Kept apart (small, no board code) so the phone's read-aloud can use it in its first load.
export { NewNoteBatcher } from '../../sync/newNotes.ts';
