import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { oneRowPerWord, voteRows } from '../../client/src/views/participant/votingList.ts';

function note(id: string, text: string, y: number): Note {
  return { id, text, pos: { x: 0, y }, color: 'yellow', areaId: null, anonymous: false, createdAt: y };
}

const areas = new Map<string, Area>();

/** Word Association's vote on a phone: one entry per merged word, its copies' votes counted once each. */
describe('voting on words', () => {
  const notes = [note('n1', 'Hope', 0), note('n2', 'fear', 10), note('n3', 'hopes!', 20), note('n4', 'HOPE', 30)];

  test('before totals: one row per word, in reading order, carrying every copy', () => {
    const rows = oneRowPerWord(voteRows(notes, areas, null), null);
    expect(rows.map((r) => [r.note.text, r.copies, r.total])).toEqual([
      ['Hope', ['n1', 'n3', 'n4'], null],
      ['fear', ['n2'], null],
    ]);
  });

  test('with totals: a word’s total is its copies’ votes added up, most first', () => {
    const rows = oneRowPerWord(voteRows(notes, areas, null), { n2: 2, n3: 1, n4: 2 });
    expect(rows.map((r) => [r.note.text, r.total])).toEqual([
      ['Hope', 3],
      ['fear', 2],
    ]);
  });

  test('the entry shows the word as the projector labels it, whichever copy came first', () => {
    const rows = oneRowPerWord(voteRows([note('n1', 'SUPPORT', 0), note('n2', 'support!', 5), note('n3', 'Support', 10)], areas, null), null);
    expect(rows.map((r) => [r.note.text, r.copies])).toEqual([['Support', ['n1', 'n2', 'n3']]]);
  });
});
