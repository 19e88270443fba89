import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { CLOSED_VOTING, type ControlState } from '@tributary/shared/control/state';
import type { MarkerRound } from '@tributary/shared/control/groups';
import type { Step } from '@tributary/shared/control/steps';
import { PLAIN_BOXES, handoutBoxes, handoutQuestion, resultsSheet } from '../../client/src/views/print/sheets.ts';

function note(id: string, text: string, areaId: string | null = null, extra: Partial<Note> = {}): Note {
  return { id, text, pos: { x: 0, y: 0 }, color: 'yellow', areaId, anonymous: false, createdAt: 0, ...extra };
}
function area(id: string, title: string, order: number, role?: Area['role'], description?: string): Area {
  return { id, title, order, rect: { x: 0, y: 0, w: 100, h: 100 }, color: 'sand', ...(role ? { role } : {}), ...(description ? { description } : {}) };
}
const step = (s: Partial<Step>): Step => ({ id: 's', title: 'S', prompt: '', mode: 'open', timerSeconds: null, whoMayPost: 'everyone', ...s });
function control(c: Partial<ControlState>): ControlState {
  return { steps: [step({})], stepIndex: 0, prompt: '', revealed: false, mode: 'open', areaId: null, voting: CLOSED_VOTING, markerRounds: [], ...c } as ControlState;
}

describe('the handout', () => {
  const stages = [area('s2', 'Upstream', 2, 'stage'), area('s1', 'The source', 1, 'stage', 'Everything feels hard.'), area('t', 'A table', 3, 'table')];

  test('a step where people pick a stage: one box per stage, in river order, with its words', () => {
    const boxes = handoutBoxes(control({ steps: [step({ postTo: 'pick-area', pickRole: 'stage' })] }), stages);
    expect(boxes).toEqual([
      { key: 's1', label: 'The source', hint: 'Everything feels hard.' },
      { key: 's2', label: 'Upstream', hint: '' },
    ]);
  });

  test('a step whose notes go to each group’s table: one box per table', () => {
    expect(handoutBoxes(control({ steps: [step({ postTo: 'group-area' })] }), stages).map((b) => b.label)).toEqual(['A table']);
  });

  test('any other step: plain boxes, one idea each', () => {
    const boxes = handoutBoxes(control({ areaId: 's1' }), stages);
    expect(boxes).toHaveLength(PLAIN_BOXES);
    expect(boxes.every((b) => b.label === '' && b.hint === '')).toBe(true);
  });

  test('the question is the step’s prompt, else the words of the area its notes go to', () => {
    const areas = new Map(stages.map((a) => [a.id, a]));
    expect(handoutQuestion(control({ prompt: ' What helps? ' }), areas)).toBe('What helps?');
    expect(handoutQuestion(control({ areaId: 's1' }), areas)).toBe('Everything feels hard.');
    expect(handoutQuestion(control({ areaId: 's2' }), areas)).toBe('Upstream');
  });
});

describe('the printed results', () => {
  test('by area with totals; votes and the bars from the shown totals; no hidden or waiting notes exist to print', () => {
    const areas = new Map([['a', area('a', 'What works', 1)], ['b', area('b', 'What gets in the way', 2)]]);
    const notes = new Map([
      ['n1', note('n1', 'Being listened to', 'a', { authorName: 'Sam' })],
      ['n2', note('n2', 'Jargon', 'b', { anonymous: true })],
      ['n3', note('n3', 'Time', 'b')],
      ['n4', note('n4', 'Loose', null)],
    ]);
    const voting = { ...CLOSED_VOTING, round: 1, totals: { n2: 3, n3: 1 } };
    const sheet = resultsSheet(control({ voting }), { areas, notes });
    expect(sheet.noteCount).toBe(4);
    expect(sheet.votes).toBe(4);
    expect(sheet.bars.map((b) => [b.label, b.value])).toEqual([['Jargon', 3], ['Time', 1]]);
    expect(sheet.cloud).toEqual([]);
    expect(sheet.areas.map((a) => [a.title, a.notes.length, a.votes])).toEqual([
      ['What works', 1, 0],
      ['What gets in the way', 2, 4],
      ['Not in an area', 1, 0],
    ]);
    expect(sheet.areas[1]!.notes.map((n) => n.votes)).toEqual([3, 1]);
  });

  test('no totals shown: no vote counts at all (not zeros)', () => {
    const areas = new Map([['a', area('a', 'A', 1)]]);
    const sheet = resultsSheet(control({}), { areas, notes: new Map([['n', note('n', 'x', 'a')]]) });
    expect(sheet.votes).toBeNull();
    expect(sheet.bars).toEqual([]);
    expect(sheet.areas[0]!.votes).toBeNull();
    expect(sheet.areas[0]!.notes[0]!.votes).toBeNull();
  });

  test('a words board prints the word cloud, copies merged', () => {
    const areas = new Map([['w', area('w', 'Words', 1, 'words')]]);
    const notes = new Map([['a', note('a', 'hope', 'w')], ['b', note('b', 'Hope!', 'w')], ['c', note('c', 'fear', 'w')]]);
    expect(resultsSheet(control({}), { areas, notes }).cloud.map((w) => [w.label, w.count])).toEqual([['hope', 2], ['fear', 1]]);
  });

  test('marker rounds: the chart, and each area’s count per round beside its notes', () => {
    const areas = new Map([['r1', area('r1', 'Rung 1', 1, 'rung')], ['r2', area('r2', 'Rung 2', 2, 'rung')]]);
    const markerRounds: MarkerRound[] = [{ round: 1, title: 'Where we are', totals: { r1: 2 } }, { round: 2, title: 'Where we should be', totals: { r2: 3 } }];
    const sheet = resultsSheet(control({ markerRounds, voting: { ...CLOSED_VOTING, round: 2, target: 'areas', totals: { r2: 3 }, role: 'rung' } }), {
      areas,
      notes: new Map([['n', note('n', 'Nobody asks us', 'r1')]]),
    });
    // Marker totals are not note votes.
    expect(sheet.votes).toBeNull();
    expect(sheet.markers.rounds.map((r) => r.title)).toEqual(['Where we are', 'Where we should be']);
    expect(sheet.markers.rows.map((r) => r.counts)).toEqual([[2, 0], [0, 3]]);
    expect(sheet.areas).toMatchObject([{ title: 'Rung 1', markers: [2, 0] }]);
  });
});
