/**
 * What the board draws beside the notes themselves: duplicate words (Word Association) and
 * "builds on" links. Pure, so it can be unit tested and computed once per board change.
 */
import type { Note } from '@tributary/shared/board/note';
import { wordFrequencies } from '@tributary/shared/board/words';

/** Where a note is drawn away from its stored position (being dragged, here or elsewhere), if anywhere. */
export type OffsetOf = (note: Note) => { dx: number; dy: number } | undefined;

/**
 * How many notes on the board carry each note's word, for notes whose word appears more than
 * once (the "×3" tag). Notes longer than four words are left out: the tag is for single words,
 * not sentences that happen to match.
 */
export function duplicateCounts(notes: Iterable<Pick<Note, 'id' | 'text'>>): Map<string, number> {
  const short: Array<{ id: string; text: string }> = [];
  for (const n of notes) {
    const words = n.text.trim().split(/\s+/).filter(Boolean).length;
    if (words > 0 && words <= 4) short.push(n);
  }
  const out = new Map<string, number>();
  for (const w of wordFrequencies(short)) {
    if (w.count < 2) break;
    for (const id of w.noteIds) out.set(id, w.count);
  }
  return out;
}

export interface Link {
  from: Note;
  to: Note;
}

/** Links whose two notes are both in view (a parent off screen draws no line). */
export function visibleLinks(visible: readonly Note[]): Link[] {
  if (visible.length === 0) return [];
  let any = false;
  for (const n of visible) if (n.replyTo) any = true;
  if (!any) return [];
  const byId = new Map<string, Note>();
  for (const n of visible) byId.set(n.id, n);
  const links: Link[] = [];
  for (const n of visible) {
    if (!n.replyTo) continue;
    const parent = byId.get(n.replyTo);
    if (parent) links.push({ from: parent, to: n });
  }
  return links;
}

/** Notes that something else builds on (so both ends of a link can be marked). */
export function parentsOf(notes: Iterable<Pick<Note, 'replyTo'>>): Set<string> {
  const out = new Set<string>();
  for (const n of notes) if (n.replyTo) out.add(n.replyTo);
  return out;
}
