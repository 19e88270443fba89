/**
 * Word counts for Word Association: the same word written differently ("Support", "support!",
 * "Supports") counted as one, so the word cloud shows what came up most and a word's votes are
 * not split between its copies.
 */
import type { Area } from './area.ts';

/** The form words are compared in: lower case, no surrounding punctuation, single spaces. */
export function normalizeWord(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    // "co-production" and "co production" are the same words; apostrophes stay ("we'll" is not "well").
    .replace(/(?<=[\p{L}\p{N}])[-\u2010-\u2015/](?=[\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

/**
 * Plurals whose singular is a different common word ("news" is not "new", "goods" not "good",
 * "means" not "mean"): never folded. Words that only look plural and have no such twin
 * ("politics", "series") need no entry: folding them merges them with nothing.
 */
const NOT_PLURALS = new Set(['news', 'goods', 'means', 'arms', 'lives', 'glasses']);

/**
 * The singular of an English plural, only where that is safe: "needs" → "need", "stories" →
 * "story", "boxes" → "box", "services" → "service". Words of three letters or fewer, words
 * ending in -ss, -us, -is or -as, and the exceptions above stay as they are. Folding too little
 * leaves two entries in the cloud; folding too much would merge different words, so when in
 * doubt a word is left alone.
 */
export function singular(word: string): string {
  if (word.length < 4 || NOT_PLURALS.has(word) || !/^\p{L}+s$/u.test(word) || /(ss|us|is|as)$/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.slice(0, /(ch|sh|x|z|ss)es$/.test(word) ? -2 : -1);
}

/**
 * The key two notes share when they carry the same word: normalised, with the last word made
 * singular ("Support workers!" and "support worker" share "support worker").
 */
export function wordKey(text: string): string {
  const word = normalizeWord(text);
  const space = word.lastIndexOf(' ');
  return space < 0 ? singular(word) : `${word.slice(0, space + 1)}${singular(word.slice(space + 1))}`;
}

export interface WordCount {
  /** The key the notes share (wordKey). */
  word: string;
  /** How it was most often written (ties: alphabetically, so every screen, whatever order notes came in, shows the same). */
  label: string;
  /** How many notes carry it: how many times people wrote it. */
  count: number;
  /** Ids of the notes that carry it, in id order (so every screen picks the same first one). */
  noteIds: string[];
}

/** Counts notes by their word (wordKey), most frequent first (ties alphabetically). */
export function wordFrequencies(notes: Iterable<{ id: string; text: string }>): WordCount[] {
  const byWord = new Map<string, { labels: Map<string, number>; noteIds: string[] }>();
  for (const note of notes) {
    const word = wordKey(note.text);
    if (word === '') continue;
    const entry = byWord.get(word) ?? { labels: new Map<string, number>(), noteIds: [] as string[] };
    const label = note.text.trim().replace(/\s+/g, ' ');
    entry.labels.set(label, (entry.labels.get(label) ?? 0) + 1);
    entry.noteIds.push(note.id);
    byWord.set(word, entry);
  }
  return [...byWord.entries()]
    .map(([word, e]) => ({
      word,
      label: [...e.labels.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      count: e.noteIds.length,
      noteIds: e.noteIds.sort(),
    }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
}

/**
 * A word's votes: the votes on every note that carries it, added up. People vote for the word
 * (their phone sends the vote to its first note), and a vote given to any copy still counts
 * once, for the word.
 */
export function wordVotes(word: Pick<WordCount, 'noteIds'>, votes: Readonly<Record<string, number>> | null | undefined): number {
  if (!votes) return 0;
  let total = 0;
  for (const id of word.noteIds) total += votes[id] ?? 0;
  return total;
}

/**
 * Whether the board is a Word Association board: it has an area with the `words` role. The one
 * rule for it (word cloud, merged votes, duplicate tags); found by role, so renaming the area
 * changes nothing.
 */
export function isWordsBoard(areas: Iterable<Pick<Area, 'role'>>): boolean {
  for (const a of areas) if (a.role === 'words') return true;
  return false;
}
