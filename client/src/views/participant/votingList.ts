import { t } from '../../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';
import type { Area, AreaRole } from '@tributary/shared/board/area';
import { wordKey } from '@tributary/shared/board/words';

export interface VoteRow {
  note: Note;
  areaTitle: string | null;
  total: number | null;
  /**
   * The note this one builds on or turns around (a flipped worst idea), if it is on the board:
   * shown by its words (noteWords, in Voting.tsx: this file is in the phone's first load).
   */
  buildsOn?: Note;
  /**
   * On a words board, every note carrying this row's word (this one first): one entry per word,
   * whose votes are the votes on all of them, so copies of a word do not split its votes.
   */
  copies?: string[];
}

/**
 * The notes to vote on, in the order people read the board: each area in its order, then notes
 * outside any area, top to bottom and left to right. With `role` (the voting round's), only
 * notes in areas of that role: the solutions, not the worst ideas. Once totals are shown, most
 * votes first (ties keep reading order).
 */
export function voteRows(
  notes: Iterable<Note>,
  areas: ReadonlyMap<string, Area>,
  totals: Record<string, number> | null,
  role?: AreaRole,
): VoteRow[] {
  const areaOrder = new Map<string, number>();
  [...areas.values()]
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1))
    .forEach((area, i) => areaOrder.set(area.id, i));
  const rank = (n: Note) => (n.areaId && areaOrder.has(n.areaId) ? areaOrder.get(n.areaId)! : Number.MAX_SAFE_INTEGER);
  const counted = (n: Note) => !role || (n.areaId !== null && areas.get(n.areaId)?.role === role);
  const all = [...notes];
  const byId = new Map(all.map((n) => [n.id, n]));
  const rows = all
    .filter(counted)
    .sort((a, b) => rank(a) - rank(b) || a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt)
    .map((note) => ({
      note,
      areaTitle: note.areaId && areas.has(note.areaId) ? areas.get(note.areaId)!.title || null : null,
      total: totals ? (totals[note.id] ?? 0) : null,
      ...(note.replyTo && byId.has(note.replyTo) ? { buildsOn: byId.get(note.replyTo)! } : {}),
    }));
  if (totals) return rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.total! - a.r.total! || a.i - b.i).map(({ r }) => r);
  return rows;
}

export function votesWord(n: number): string {
  return t('room.votes', { count: n });
}

/**
 * One row per word (Word Association), from rows in reading order (voteRows without totals):
 * copies of a word ("hope", "Hopes!") join one row, in the first one's place, shown by the copy
 * whose text comes first alphabetically; with `totals`, a word's total is its copies' added up,
 * most votes first (ties keep reading order). A vote goes to the shown copy; a vote on any copy
 * still counts once, for the word (shared wordVotes).
 */
export function oneRowPerWord(rows: readonly VoteRow[], totals: Record<string, number> | null): VoteRow[] {
  const byWord = new Map<string, VoteRow & { copies: string[] }>();
  for (const row of rows) {
    const key = wordKey(row.note.text) || row.note.id;
    const seen = byWord.get(key);
    if (!seen) byWord.set(key, { ...row, copies: [row.note.id] });
    else {
      seen.copies.push(row.note.id);
      // Shown as the projector labels the word (ties: alphabetically first).
      if (row.note.text.trim().localeCompare(seen.note.text.trim()) < 0) seen.note = row.note;
    }
  }
  const out = [...byWord.values()];
  if (totals) for (const r of out) r.total = r.copies.reduce((sum, id) => sum + (totals[id] ?? 0), 0);
  return out.sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
}
