import { describe, expect, test } from 'vitest';
import { isWordsBoard, normalizeWord, singular, wordFrequencies, wordKey, wordVotes } from '@tributary/shared/board/words';

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

  test('case, spacing, punctuation, hyphens and plurals are merged', () => {
    const same = (a: string, b: string) => expect(wordKey(a), `${a} / ${b}`).toBe(wordKey(b));
    same('STIGMA!', 'stigma');
    same('  mental   health ', 'Mental Health.');
    same('co-production', 'co production');
    same('Needs', 'need');
    same('stories', 'story');
    same('boxes', 'box');
    same('churches', 'church');
    same('services', 'Service');
    same('houses', 'house');
    same('Support workers!', 'support worker');
    same('don’t know', "don't know");
  });

  test('words that only look plural, or whose plural means something else, stay apart', () => {
    const apart = (a: string, b: string) => expect(wordKey(a), `${a} / ${b}`).not.toBe(wordKey(b));
    apart('news', 'new');
    apart('goods', 'good');
    apart('means', 'mean');
    apart('lives', 'live');
    apart('crisis', 'crisi');
    apart('stress', 'stres');
    apart('we’ll', 'well');
    apart('coproduction', 'co production');
    for (const word of ['bus', 'gas', 'status', 'process', 'analysis', 'bias', 'is', 'yes', 'this']) expect(singular(word)).toBe(word);
  });

  test('the label is how the word was most often written; note ids are in id order', () => {
    const [hope] = wordFrequencies([
      { id: 'n3', text: 'hopes' },
      { id: 'n1', text: 'Hope' },
      { id: 'n2', text: 'Hope' },
    ]);
    expect(hope).toEqual({ word: 'hope', label: 'Hope', count: 3, noteIds: ['n1', 'n2', 'n3'] });
  });

  test('a word’s votes are the votes on all its copies, each counted once', () => {
    const [hope] = wordFrequencies([
      { id: 'n1', text: 'hope' },
      { id: 'n2', text: 'Hope!' },
    ]);
    expect(wordVotes(hope!, { n1: 2, n2: 1, other: 5 })).toBe(3);
    expect(wordVotes(hope!, null)).toBe(0);
  });

  test('a Words area makes a words board', () => {
    // By role, never by title: a renamed Words area is still one, an area titled "Words" is not.
    expect(isWordsBoard([{ role: 'words' }, { role: 'theme' }])).toBe(true);
    expect(isWordsBoard([{ role: 'table' }])).toBe(false);
    expect(isWordsBoard([{ title: 'Words' }] as Array<{ role?: 'words'; title: string }>)).toBe(false);
  });
});

describe('the label a merged word is shown by', () => {
  test('between forms written equally often, the first alphabetically, whatever order the notes came in', () => {
    const forms = ['SUPPORT', 'support!', 'Support', 'supports'];
    for (const order of [forms, [...forms].reverse(), [forms[2]!, forms[0]!, forms[3]!, forms[1]!]]) {
      expect(wordFrequencies(order.map((text, i) => ({ id: `n${i}`, text })))[0]!.label).toBe('Support');
    }
    expect(wordFrequencies([{ id: 'a', text: 'Hopes' }, { id: 'b', text: 'hope' }])[0]!.label).toBe('hope');
  });
});
