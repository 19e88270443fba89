/**
 * What a session produced, shaped for showing: the word cloud, vote and marker bar charts, the
 * notes by area and whole User Manual cards. One shape for each, used by the presenter, the
 * board picture and the export, so every place shows the same numbers. Pure: board records and
 * control fields in, plain data out. Nothing here carries who wrote a note.
 */
import type { Area, AreaRole } from './area.ts';
import type { Note } from './note.ts';
import type { ImageKind } from './records.ts';
import type { MarkerRound } from '../control/groups.ts';
import { wordFrequencies, wordVotes } from './words.ts';

/**
 * Colours of the results, the same on the projector and in the picture. Marker rounds: one colour
 * per round, white on each above 4.5:1 (every count is also written, so colour is never needed).
 * Cloud words: each above 7:1 on the light page, at any size.
 */
export const ROUND_COLORS = ['#1d4f91', '#9a3b00', '#07524e', '#6a2577', '#4a4a4a', '#7a5c00'] as const;
export const WORD_INKS = ['#07524e', '#1d3f7a', '#6a2577', '#7a3300', '#1b1b1b'] as const;

/** The ink of a word in the cloud: fixed by the word, so it keeps its colour as the cloud changes. */
export function wordInk(word: string): string {
  return WORD_INKS[word.length % WORD_INKS.length]!;
}

export interface CloudWord {
  /** The key the copies share. */
  word: string;
  /** How it was most often written. */
  label: string;
  /** How many times people wrote it. */
  count: number;
  /** Votes given to the word (any of its copies), once totals are shown; else 0. */
  votes: number;
  /** 0 for the least written word shown, 1 for the most: what the picture sizes it by. */
  weight: number;
}

/**
 * The word cloud: every word once, most written first, weighted by how many people wrote it
 * (square root, so one very common word does not shrink all the others to nothing).
 */
export function wordCloud(notes: Iterable<Pick<Note, 'id' | 'text'>>, votes: Readonly<Record<string, number>> | null = null, limit = 80): CloudWord[] {
  const words = wordFrequencies(notes).slice(0, limit);
  const most = words[0]?.count ?? 1;
  const least = words[words.length - 1]?.count ?? 1;
  const span = Math.sqrt(most) - Math.sqrt(least);
  return words.map((w) => ({
    word: w.word,
    label: w.label,
    count: w.count,
    votes: wordVotes(w, votes),
    weight: span > 0 ? (Math.sqrt(w.count) - Math.sqrt(least)) / span : 1,
  }));
}

/** One bar: what it is for, and its number (always shown as text too, never by length alone). */
export interface Bar {
  /** A note id, a word key or an area id. */
  id: string;
  /** A note's text (a word's label, an area's title); empty for a picture note nobody described yet. */
  label: string;
  value: number;
  /**
   * Only on a picture note's bar: its kind, so every screen labels it as the lists do (client
   * barWords: "Picture, not described yet", "Drawing: …") and no bar is ever an empty line.
   */
  imageKind?: ImageKind;
}

/**
 * Vote results as bars, most votes first (ties in the order they were written), only what got
 * votes. On a words board the copies of a word are one bar with their votes added up.
 */
export function voteBars(notes: Iterable<Note>, totals: Readonly<Record<string, number>>, options: { words?: boolean; limit?: number } = {}): Bar[] {
  const limit = options.limit ?? 10;
  const list = [...notes].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const bars: Bar[] = options.words
    ? wordFrequencies(list).map((w) => ({ id: w.word, label: w.label, value: wordVotes(w, totals) }))
    : list.map((n) => ({ id: n.id, label: n.text.trim(), value: totals[n.id] ?? 0, ...(n.imageId ? { imageKind: n.imageKind ?? 'photo' } : {}) }));
  return bars
    .map((bar, i) => ({ bar, i }))
    .filter(({ bar }) => bar.value > 0)
    .sort((a, b) => b.bar.value - a.bar.value || a.i - b.i)
    .slice(0, limit)
    .map(({ bar }) => bar);
}

export interface MarkerChart {
  /** The rounds shown, in the order they happened ("Your organisation", …, "Where we should be"). */
  rounds: Array<{ round: number; title: string }>;
  /** One row per area in board order, with a count per round (same order as `rounds`). */
  rows: Array<{ areaId: string; title: string; counts: number[] }>;
  /** The largest count, for scaling bars (at least 1). */
  max: number;
}

/**
 * Every marker round whose totals have been shown, side by side for each area: Ladder of
 * Participation's "where we are" next to "where we should be", not only the last round. The round
 * open now uses the live totals on `voting` once they are shown.
 */
export function markerChart(
  areas: Iterable<Area>,
  rounds: readonly MarkerRound[],
  voting: { round: number; target?: 'notes' | 'areas'; totals: Readonly<Record<string, number>> | null; role?: AreaRole },
): MarkerChart {
  const shown = rounds
    .map((r) => ({ round: r.round, title: r.title, totals: r.round === voting.round && voting.target === 'areas' && voting.totals ? voting.totals : r.totals }))
    .filter((r): r is { round: number; title: string; totals: Record<string, number> } => r.totals !== undefined && r.totals !== null);
  // The areas markers go on (the rungs, the stages): the round's role, when it has one.
  const ordered = [...areas].filter((a) => !voting.role || a.role === voting.role).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const rows = ordered.map((area) => ({ areaId: area.id, title: area.title, counts: shown.map((r) => r.totals[area.id] ?? 0) }));
  const max = Math.max(1, ...rows.flatMap((r) => r.counts));
  return { rounds: shown.map(({ round, title }) => ({ round, title })), rows, max };
}

export interface AreaNotes {
  /** Null for notes outside every area. */
  area: Area | null;
  notes: Note[];
}

/**
 * The notes grouped by the area they are in, areas in board order, each area's notes top to
 * bottom then left to right as on the board; notes outside every area last. Areas without notes
 * are left out (a results layout shows what was said).
 */
export function notesByArea(areas: Iterable<Area>, notes: Iterable<Note>): AreaNotes[] {
  const ordered = [...areas].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const byArea = new Map<string | null, Note[]>();
  const known = new Set(ordered.map((a) => a.id));
  for (const note of notes) {
    const key = note.areaId && known.has(note.areaId) ? note.areaId : null;
    const list = byArea.get(key) ?? [];
    list.push(note);
    byArea.set(key, list);
  }
  const readingOrder = (a: Note, b: Note) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt;
  const out: AreaNotes[] = [];
  for (const area of ordered) {
    const list = byArea.get(area.id);
    if (list) out.push({ area, notes: list.sort(readingOrder) });
  }
  const loose = byArea.get(null);
  if (loose) out.push({ area: null, notes: loose.sort(readingOrder) });
  return out;
}

/**
 * What the group agreed (Group Agreement): the suggestions that got dots once the facilitator
 * showed the totals, most dots first. The method agrees by dot vote on notes in `suggestion`
 * areas, so a suggestion nobody put a dot on is not part of the agreement. Empty without shown
 * totals or without suggestion areas.
 */
export function agreedSuggestions(areas: Iterable<Area>, notes: Iterable<Note>, totals: Readonly<Record<string, number>> | null): Bar[] {
  if (!totals) return [];
  const suggestionAreas = new Set([...areas].filter((a) => a.role === 'suggestion').map((a) => a.id));
  if (suggestionAreas.size === 0) return [];
  const suggestions = [...notes].filter((n) => n.areaId !== null && suggestionAreas.has(n.areaId));
  return voteBars(suggestions, totals, { limit: Infinity });
}
