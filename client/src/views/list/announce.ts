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
  const parts: Array<{ count: number; where: string }> = [];
  for (const area of sortAreas(areas.values())) {
    const count = counts.get(area.id);
    if (count) parts.push({ count, where: `in ${shortAreaName(area.title)}` });
  }
  const loose = counts.get(null);
  if (loose) parts.push({ count: loose, where: areas.size > 0 ? 'outside the areas' : '' });
  return parts
    .map((p, i) => {
      const noun = i === 0 ? (p.count === 1 ? ' new note' : ' new notes') : '';
      return `${p.count}${noun}${p.where ? ` ${p.where}` : ''}`;
    })
    .join(parts.length > 2 ? ', ' : ' and ')
    .replace(/, ([^,]*)$/, ', and $1');
}

/**
 * Collects notes that appear after it starts (the notes already there are not news) and
 * hands them over in batches.
 */
export class NewNoteBatcher {
  private readonly known = new Set<string>();
  private pending: Note[] = [];

  constructor(initial: Iterable<Note>) {
    for (const note of initial) this.known.add(note.id);
  }

  /** Looks at the board's current notes; remembers the new ones. */
  update(notes: Iterable<Note>): void {
    for (const note of notes) {
      if (this.known.has(note.id)) continue;
      this.known.add(note.id);
      this.pending.push(note);
    }
  }

  /** The notes gathered since the last call, with their latest version. */
  take(current: ReadonlyMap<string, Note>): Note[] {
    const out = this.pending.map((n) => current.get(n.id)).filter((n): n is Note => n !== undefined);
    this.pending = [];
    return out;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
