import { describe, expect, test } from 'vitest';
import { normalizeWord, wordFrequencies } from '@tributary/shared';

describe('word frequencies (Word Association)', () => {
  test('close spellings count together, most frequent first', () => {
    expect(normalizeWord('  Support! ')).toBe('support');
    const counts = wordFrequencies([
      { id: 'a', text: 'Support' },
      { id: 'b', text: 'support!' },
      { id: 'c', text: 'support' },
      { id: 'd', text: 'fear' },
      { id: 'e', text: 'Hope' },
      { id: 'f', text: 'hope' },
      { id: 'g', text: '...' },
    ]);
    expect(counts.map((c) => [c.word, c.count])).toEqual([['support', 3], ['hope', 2], ['fear', 1]]);
    expect(counts[0]!.noteIds).toEqual(['a', 'b', 'c']);
  });
});
