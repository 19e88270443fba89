import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import { cardText } from '@tributary/shared/board/cardText';
import { cardSections, isCard } from '@tributary/shared/board/cards';
import type { Note } from '@tributary/shared/board/note';
import { markerChart, notesByArea, voteBars, wordCloud } from '@tributary/shared/board/results';

function note(id: string, text: string, extra: Partial<Note> = {}): Note {
  return { id, text, pos: { x: 0, y: 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: Number(id.replace(/\D/g, '')) || 0, ...extra };
}

function area(id: string, title: string, order: number): Area {
  return { id, title, order, rect: { x: 0, y: 0, w: 100, h: 100 }, color: 'sand' };
}

describe('results shaped for showing', () => {
  test('word cloud: each word once, sized by how many wrote it, with the votes of all its copies', () => {
    const notes = [note('n1', 'Hope'), note('n2', 'hopes'), note('n3', 'HOPE!'), note('n4', 'fear'), note('n5', 'Support'), note('n6', 'support')];
    const cloud = wordCloud(notes, { n2: 1, n3: 2, n4: 1 });
    expect(cloud.map((w) => [w.label, w.count, w.votes])).toEqual([
      ['Hope', 3, 3],
      ['support', 2, 0],
      ['fear', 1, 1],
    ]);
    expect(cloud[0]!.weight).toBe(1);
    expect(cloud[2]!.weight).toBe(0);
    expect(cloud[1]!.weight).toBeGreaterThan(0);
    expect(wordCloud([note('n1', 'one')])[0]!.weight).toBe(1);
  });

  test('vote bars: most votes first, only what got votes; on a words board one bar per word', () => {
    const notes = [note('n1', 'Hope'), note('n2', 'hope'), note('n3', 'Safety'), note('n4', 'Money')];
    const totals = { n1: 1, n2: 2, n3: 2 };
    expect(voteBars(notes, totals)).toEqual([
      { id: 'n2', label: 'hope', value: 2 },
      { id: 'n3', label: 'Safety', value: 2 },
      { id: 'n1', label: 'Hope', value: 1 },
    ]);
    expect(voteBars(notes, totals, { words: true })).toEqual([
      { id: 'hope', label: 'hope', value: 3 },
      { id: 'safety', label: 'Safety', value: 2 },
    ]);
    expect(voteBars(notes, totals, { limit: 1 })).toHaveLength(1);
  });

  test('marker chart: every round shown side by side per area, the open round from its live totals', () => {
    const areas = [area('r2', '2. Information', 1), area('r1', '1. No control', 0)];
    const rounds = [
      { round: 1, title: 'Your organisation', totals: { r1: 2, r2: 1 } },
      { round: 2, title: 'Your team' },
      { round: 3, title: 'Where we should be' },
    ];
    const chart = markerChart(areas, rounds, { round: 3, target: 'areas', totals: { r2: 3 } });
    expect(chart.rounds.map((r) => r.title)).toEqual(['Your organisation', 'Where we should be']);
    expect(chart.rows).toEqual([
      { areaId: 'r1', title: '1. No control', counts: [2, 0] },
      { areaId: 'r2', title: '2. Information', counts: [1, 3] },
    ]);
    expect(chart.max).toBe(3);
    // Totals of a notes vote are never read as markers.
    expect(markerChart(areas, rounds, { round: 3, target: 'notes', totals: { r2: 3 } }).rounds).toHaveLength(1);
  });

  test('notes by area: areas in board order, notes in reading order, loose notes last, empty areas left out', () => {
    const areas = [area('b', 'Second', 1), area('a', 'First', 0), area('c', 'Empty', 2)];
    const notes = [
      note('n1', 'low', { areaId: 'a', pos: { x: 0, y: 200 } }),
      note('n2', 'high', { areaId: 'a', pos: { x: 0, y: 10 } }),
      note('n3', 'b note', { areaId: 'b' }),
      note('n4', 'loose'),
      note('n5', 'gone area', { areaId: 'deleted' }),
    ];
    const grouped = notesByArea(areas, notes);
    expect(grouped.map((g) => [g.area?.title ?? null, g.notes.map((n) => n.text)])).toEqual([
      ['First', ['high', 'low']],
      ['Second', ['b note']],
      [null, ['loose', 'gone area']],
    ]);
  });

  test('a card reads back whole: every question and answer', () => {
    const prompts = ['How best to communicate with me…', 'You can count on me for…', "I'd love to learn more about…"];
    const text = cardText(prompts, { [prompts[0]!]: 'Face to face.\nSlowly.', [prompts[1]!]: 'Turning up', [prompts[2]!]: 'Gardening' });
    expect(cardSections(text, prompts)).toEqual([
      { prompt: prompts[0], answer: 'Face to face.\nSlowly.' },
      { prompt: prompts[1], answer: 'Turning up' },
      { prompt: prompts[2], answer: 'Gardening' },
    ]);
    expect(isCard(text, prompts)).toBe(true);
    expect(isCard('Just a note', prompts)).toBe(false);
    expect(cardSections('Just a note\n\nwith two parts', prompts)).toEqual([{ prompt: null, answer: 'Just a note\n\nwith two parts' }]);
  });
});
