import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { CLOSED_VOTING, type ControlState } from '@tributary/shared/control/state';
import type { Step } from '@tributary/shared/control/steps';
import { cloudOrder, countsLine, stepResults } from '../../client/src/views/presenter/presenterResults.ts';

function note(id: string, text: string, areaId: string | null = null): Note {
  return { id, text, pos: { x: 0, y: 0 }, color: 'yellow', areaId, anonymous: false, createdAt: 0 };
}
function area(id: string, title: string, role?: Area['role']): Area {
  return { id, title, order: 0, rect: { x: 0, y: 0, w: 100, h: 100 }, color: 'sand', ...(role ? { role } : {}) };
}
const step = (s: Partial<Step>): Step => ({ id: 's', title: 'S', prompt: '', mode: 'open', timerSeconds: null, whoMayPost: 'everyone', ...s });

function control(c: Partial<ControlState>): ControlState {
  return { steps: [step({})], stepIndex: 0, revealed: false, mode: 'open', areaId: null, voting: CLOSED_VOTING, markerRounds: [], ...c } as ControlState;
}

/** What the projector shows under the question, step by step. */
describe('presenter results', () => {
  const words = new Map([['w', area('w', 'Words', 'words')]]);
  const wordNotes = new Map([['a', note('a', 'hope', 'w')], ['b', note('b', 'Hope!', 'w')]]);

  test('a words board shows the word cloud once the words are out, and counts words, not notes', () => {
    const steps = [step({ mode: 'private', maxNotesPerPerson: 5 }), step({ mode: 'discussion' })];
    expect(stepResults(control({ steps, stepIndex: 0, mode: 'private' }), { areas: words, notes: wordNotes })).toBeNull();
    const out = stepResults(control({ steps, stepIndex: 1, mode: 'discussion' }), { areas: words, notes: wordNotes });
    expect(out).toMatchObject({ kind: 'words', cloud: [{ label: 'hope', count: 2 }] });
    expect(countsLine(9, 0, 0, true)).toBe('9 words');
    expect(countsLine(1, 2, 0, false)).toBe('1 note · 2 waiting to be revealed');
  });

  test('votes shown: bars, one per word on a words board', () => {
    const voting = { ...CLOSED_VOTING, round: 1, totals: { a: 1, b: 2 } };
    expect(stepResults(control({ voting }), { areas: words, notes: wordNotes })).toEqual({ kind: 'votes', words: true, bars: [{ id: 'hope', label: 'hope', value: 3 }] });
  });

  test('markers: the open round asks for markers; afterwards the kept rounds stay in view', () => {
    const rungs = new Map([['r1', area('r1', '1. No control')]]);
    const open = stepResults(control({ voting: { ...CLOSED_VOTING, open: true, round: 2, target: 'areas' }, markerRounds: [{ round: 1, title: 'Organisation', totals: { r1: 2 } }, { round: 2, title: 'Team' }] }), {
      areas: rungs,
      notes: new Map(),
    });
    expect(open).toMatchObject({ kind: 'markers', open: true, chart: { rounds: [{ title: 'Organisation' }] } });
    const later = stepResults(control({ markerRounds: [{ round: 1, title: 'Organisation', totals: { r1: 2 } }] }), { areas: rungs, notes: new Map() });
    expect(later).toMatchObject({ kind: 'markers', open: false, chart: { rows: [{ counts: [2] }] } });
  });

  test('a talking step about one area shows that area’s notes, cards whole', () => {
    const prompts = ['Q1', 'Q2'];
    const areas = new Map([['m', area('m', 'Manuals')], ['o', area('o', 'Other')]]);
    const notes = new Map([['c', note('c', 'Q1\nA1\n\nQ2\nA2', 'm')], ['x', note('x', 'elsewhere', 'o')]]);
    const out = stepResults(control({ steps: [step({ prompts }), step({ mode: 'discussion' })], stepIndex: 1, mode: 'discussion', areaId: 'm' }), { areas, notes });
    expect(out).toMatchObject({ kind: 'notes', prompts, groups: [{ area: { id: 'm' }, notes: [{ id: 'c' }] }] });
  });

  test('the cloud puts the most written word in the middle', () => {
    expect(cloudOrder([1, 2, 3, 4, 5])).toEqual([4, 2, 1, 3, 5]);
  });
});
