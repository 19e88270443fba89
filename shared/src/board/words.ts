/**
 * Word counts for Word Association: identical or near-identical words ("Support", "support!")
 * counted together, so a frequency view or word cloud can show what came up most.
 */

/** The form words are compared in: lower case, no surrounding punctuation, single spaces. */
export function normalizeWord(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

export interface WordCount {
  /** The normalised word. */
  word: string;
  /** How it was most often written. */
  label: string;
  count: number;
  /** Ids of the notes that carry it. */
  noteIds: string[];
}

/** Counts notes by their normalised text, most frequent first (ties alphabetically). */
export function wordFrequencies(notes: Iterable<{ id: string; text: string }>): WordCount[] {
  const byWord = new Map<string, { labels: Map<string, number>; noteIds: string[] }>();
  for (const note of notes) {
    const word = normalizeWord(note.text);
    if (word === '') continue;
    const entry = byWord.get(word) ?? { labels: new Map<string, number>(), noteIds: [] as string[] };
    const label = note.text.trim();
    entry.labels.set(label, (entry.labels.get(label) ?? 0) + 1);
    entry.noteIds.push(note.id);
    byWord.set(word, entry);
  }
  return [...byWord.entries()]
    .map(([word, e]) => ({
      word,
      label: [...e.labels.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      count: e.noteIds.length,
      noteIds: e.noteIds,
    }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
}
