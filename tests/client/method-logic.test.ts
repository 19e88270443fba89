import { beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { Step } from '@tributary/shared/control/steps';
import { roundText } from '@tributary/shared/groupPlanning';
import { TEMPLATES } from '@tributary/shared/templates/index';
import {
  everyoneHadATurn,
  groupPlanText,
  ordinal,
  roleRuleText,
  roundStartStep,
  tablesText,
  turnAroundTarget,
  usesGroups,
  wordsAreaId,
  wordsIn,
} from '../../client/src/views/facilitator/methodLogic.ts';
import { isWordsBoard } from '@tributary/shared/board/words';
import { duplicateCounts, parentsOf, visibleLinks } from '../../client/src/canvas/boardMarks.ts';
import { aboutMinutes } from '../../client/src/views/home/TemplatePicker.tsx';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The words these helpers give come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'home', 'facilitator'));

function steps(id: string): Step[] {
  const t = TEMPLATES.find((x) => x.id === id)!;
  return t.steps.map((s) => ({ timerSeconds: null, whoMayPost: 'everyone', ...s }) as Step);
}

function note(id: string, text: string, extra: Partial<Note> = {}): Note {
  return { id, text, pos: { x: 0, y: 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: 0, ...extra };
}

describe('rounds', () => {
  it('starts a Troika round at the client sharing, a World Cafe round at the table', () => {
    expect(steps('troika-consulting')[roundStartStep(steps('troika-consulting'))!]!.id).toBe('share');
    expect(steps('world-cafe')[roundStartStep(steps('world-cafe'))!]!.id).toBe('round');
    expect(roundStartStep(steps('word-association'))).toBeNull();
  });

  it('says the Troika role rule in words, round by round', () => {
    const trios = [{ members: ['a', 'b', 'c'] }, { members: ['d', 'e', 'f'] }];
    const method = { roles: 'rotate-client' as const, groupLabel: 'Trio', groupSize: 3 };
    expect(roleRuleText(method, trios, 0)).toBe('This round, the first person in each trio shares a challenge. The others are consultants.');
    expect(roleRuleText(method, trios, 1)).toContain('the second person');
    expect(roleRuleText(method, [...trios, { members: ['g', 'h', 'i', 'j'] }], 3)).toContain('the first or the fourth person');
    expect(roleRuleText({}, trios, 0)).toBeNull();
    expect(everyoneHadATurn(trios, 1)).toBe(false);
    expect(everyoneHadATurn(trios, 2)).toBe(true);
    expect(ordinal(3)).toBe('third');
    expect(ordinal(12)).toBe('12th');
  });

  it('knows which rooms use groups', () => {
    expect(usesGroups({ method: {}, groups: [], steps: steps('word-association') })).toBe(false);
    expect(usesGroups({ method: { groupCount: 4 }, groups: [], steps: [] })).toBe(true);
    expect(usesGroups({ method: {}, groups: [], steps: steps('world-cafe') })).toBe(true);
  });

  it('previews forming groups, the tables and the round in plain words', () => {
    expect(groupPlanText(3, [3], 1, 'group')).toBe('3 people here: 1 group of 3');
    expect(groupPlanText(3, [1, 1, 1], 1, 'group')).toBe('3 people here: 3 groups of 1');
    expect(groupPlanText(7, [3, 2, 2], 2, 'group')).toBe('7 people here: 3 groups (3, 2 and 2 people)');
    expect(groupPlanText(2, null, 3, 'trio')).toBe('2 people here: trios need at least 3 people.');
    expect(groupPlanText(0, null, 3, 'trio')).toBe('Nobody here yet: trios need at least 3 people.');
    expect(tablesText(2, 4)).toBe('Each round 2 of the 4 tables have a group; 2 stay free. Every group visits every table in 4 rounds.');
    expect(tablesText(1, 4)).toBe('Each round 1 of the 4 tables has a group; 3 stay free. Every group visits every table in 4 rounds.');
    expect(tablesText(4, 4)).toBe('One group at each of the 4 tables. Every group visits every table in 4 rounds.');
    expect(tablesText(5, 4)).toBe('5 groups share 4 tables: some tables have two groups. Every group visits every table in 4 rounds.');
    expect(tablesText(2, 0)).toBeNull();
    expect(roundText(1, 4)).toBe('Round 2 of 4');
    expect(roundText(4, 4)).toBe('Round 5 (started again)');
    expect(roundText(0, null)).toBe('Round 1');
  });
});

describe('words', () => {
  const areas = new Map<string, Area>([
    // Titled by the facilitator: found by its role, not its title.
    ['w', { id: 'w', title: 'Our words', rect: { x: 0, y: 0, w: 500, h: 500 }, color: 'sand', order: 0, role: 'words' }],
    ['t', { id: 't', title: 'Words', rect: { x: 0, y: 600, w: 500, h: 500 }, color: 'sky', order: 1, role: 'theme' }],
  ]);
  const notes = [note('1', 'Hope', { areaId: 'w' }), note('2', 'hope!', { areaId: 'w' }), note('3', 'fear', { areaId: 'w' }), note('4', 'HOPE', { areaId: 't' })];

  it('counts the words of the Words area, or the current step area', () => {
    expect(wordsAreaId({ areaId: null }, areas)).toBe('w');
    expect(wordsAreaId({ areaId: 't' }, areas)).toBe('t');
    const counts = wordsIn(notes, 'w');
    expect(counts.map((w) => [w.word, w.count])).toEqual([
      ['hope', 2],
      ['fear', 1],
    ]);
  });

  it('tags duplicates across the board, short notes only', () => {
    expect(isWordsBoard(areas.values())).toBe(true);
    expect(isWordsBoard([{ title: 'Words' }, { role: 'theme' }] as Area[])).toBe(false);
    const dup = duplicateCounts([...notes, note('5', 'hope is a thing with feathers')]);
    expect(dup.get('1')).toBe(3);
    expect(dup.get('4')).toBe(3);
    expect(dup.has('3')).toBe(false);
    expect(dup.has('5')).toBe(false);
  });
});

describe('links and turning around', () => {
  it('links only notes that are both in view', () => {
    const a = note('a', 'worst');
    const b = note('b', 'best', { replyTo: 'a' });
    const c = note('c', 'other', { replyTo: 'gone' });
    expect(visibleLinks([a, b, c]).map((l) => [l.from.id, l.to.id])).toEqual([['a', 'b']]);
    expect(visibleLinks([b])).toEqual([]);
    expect([...parentsOf([a, b, c])]).toEqual(['a', 'gone']);
  });

  it('offers "Turn it around" into the step area from a note elsewhere', () => {
    const areas = new Map<string, Area>([['sol', { id: 'sol', title: 'Solutions', rect: { x: 0, y: 0, w: 500, h: 500 }, color: 'mint', order: 0 }]]);
    expect(turnAroundTarget({ areaId: 'worst' }, { areaId: 'sol', mode: 'open' }, areas)?.id).toBe('sol');
    expect(turnAroundTarget({ areaId: 'sol' }, { areaId: 'sol', mode: 'open' }, areas)).toBeNull();
    expect(turnAroundTarget({ areaId: 'worst' }, { areaId: 'sol', mode: 'voting' }, areas)).toBeNull();
    expect(turnAroundTarget({ areaId: 'worst' }, { areaId: null, mode: 'open' }, areas)).toBeNull();
  });

  it('offers "Turn it around" only on notes of the role a step turns around (Reverse Brainstorming: worst ideas)', () => {
    const rect = { x: 0, y: 0, w: 500, h: 500 };
    const areas = new Map<string, Area>([
      ['sol', { id: 'sol', title: 'Solutions', rect, color: 'mint', order: 0, role: 'solution' }],
      ['worst', { id: 'worst', title: 'Worst ideas', rect, color: 'rose', order: 1, role: 'worst' }],
      ['problem', { id: 'problem', title: 'The problem', rect, color: 'stone', order: 2, role: 'problem' }],
    ]);
    const flip = { areaId: 'sol', mode: 'open', linkRole: 'worst' as const };
    expect(turnAroundTarget({ areaId: 'worst' }, flip, areas)?.id).toBe('sol');
    expect(turnAroundTarget({ areaId: 'problem' }, flip, areas)).toBeNull();
    expect(turnAroundTarget({ areaId: null }, flip, areas)).toBeNull();
  });
});

it('says how long a method takes', () => {
  expect(aboutMinutes(45)).toBe('About 45 minutes');
  expect(aboutMinutes(60)).toBe('About 1 hour');
  expect(aboutMinutes(75)).toBe('About 1 hour 15 minutes');
});
