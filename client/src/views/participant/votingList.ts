import type { Note } from '@tributary/shared/board/note';
import type { Area, AreaRole } from '@tributary/shared/board/area';

export interface VoteRow {
  note: Note;
  areaTitle: string | null;
  total: number | null;
  /** The text of the note this one builds on or turns around (a flipped worst idea), if it is on the board. */
  buildsOn?: string;
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
  const textOf = new Map(all.map((n) => [n.id, n.text]));
  const rows = all
    .filter(counted)
    .sort((a, b) => rank(a) - rank(b) || a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt)
    .map((note) => ({
      note,
      areaTitle: note.areaId && areas.has(note.areaId) ? areas.get(note.areaId)!.title || null : null,
      total: totals ? (totals[note.id] ?? 0) : null,
      ...(note.replyTo && textOf.has(note.replyTo) ? { buildsOn: textOf.get(note.replyTo)! } : {}),
    }));
  if (totals) return rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.total! - a.r.total! || a.i - b.i).map(({ r }) => r);
  return rows;
}

/** The notes with the most votes, for the projector: at most `limit`, only those with votes. */
export function topVoted(notes: Iterable<Note>, totals: Record<string, number>, limit = 5): Array<{ note: Note; total: number }> {
  const out: Array<{ note: Note; total: number }> = [];
  for (const note of notes) {
    const total = totals[note.id] ?? 0;
    if (total > 0) out.push({ note, total });
  }
  return out.sort((a, b) => b.total - a.total || a.note.createdAt - b.note.createdAt).slice(0, limit);
}

export function votesWord(n: number): string {
  return n === 1 ? '1 vote' : `${n} votes`;
}
