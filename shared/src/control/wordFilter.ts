/**
 * The word filter's matching: which of a room's filter words a note's text contains. One rule,
 * kept deliberately simple so a facilitator can predict it (docs/API.md "Waiting for the
 * facilitator"):
 * - whole words only: "class" never matches "ass";
 * - case does not matter, and accents do not either ("Café" is "cafe");
 * - a few common letter swaps count as the letter: 0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s, !→i
 *   (inside a word, and @ and $ at its start too, so the "!" ending a sentence is not a letter);
 * - filter words are plain words (letters and digits, no spaces or symbols), so no pattern
 *   a client sends is ever run.
 */

/** Longest filter word, in characters. */
export const FILTER_WORD_MAX = 40;
/** Most filter words one language may have in a room. */
export const FILTER_WORDS_MAX = 300;

const SWAPS: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const WORD_CHARS = /^[\p{L}\p{M}\p{N}]+$/u;

/** Lower case, without accents (combining marks). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A filter word as matching compares it (folded, swaps undone). */
export function normaliseFilterWord(word: string): string {
  return [...fold(word.trim())].map((c) => SWAPS[c] ?? c).join('');
}

/** Why `word` cannot be a filter word, or null when it can. */
export function filterWordProblem(word: string): 'empty' | 'too-long' | 'not-a-plain-word' | null {
  const trimmed = word.trim();
  if (trimmed.length === 0) return 'empty';
  if (trimmed.length > FILTER_WORD_MAX) return 'too-long';
  return WORD_CHARS.test(trimmed) ? null : 'not-a-plain-word';
}

/** The words of a text, as matching compares them. */
export function textWords(text: string): string[] {
  const words: string[] = [];
  for (const chunk of fold(text).split(/\s+/u)) {
    // Symbols at the end of a chunk are punctuation ("really!"), inside it they may be swaps
    // ("sh!t"), and so may @ and $ at its start ("$hit"), where "!" never is.
    const inner = chunk.replace(/^[^\p{L}\p{N}@$]+|[^\p{L}\p{N}]+$/gu, '');
    for (const part of inner.split(/[^\p{L}\p{N}@$!]+/u)) {
      if (part) words.push([...part].map((c) => SWAPS[c] ?? c).join(''));
    }
  }
  return words;
}

/**
 * The filter words (as the list spells them) that `text` contains, each once, in list order.
 * `words` are plain filter words; anything else in the list is ignored.
 */
export function matchedFilterWords(text: string, words: Iterable<string>): string[] {
  const present = new Set(textWords(text));
  const matched: string[] = [];
  for (const word of words) {
    if (filterWordProblem(word) === null && present.has(normaliseFilterWord(word)) && !matched.includes(word)) matched.push(word);
  }
  return matched;
}
