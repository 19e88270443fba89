import { describe, expect, it } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { Group } from '@tributary/shared/control/groups';
import * as Y from 'yjs';
import { CLOSED_VOTING, readControl } from '@tributary/shared/control/state';
import { postingRefusals } from '@tributary/shared/control/postingRule';
import { DEFAULT_STEP, type Step } from '@tributary/shared/control/steps';
import {
  areaQuestion,
  cardText,
  earlierAtTable,
  markerAreas,
  markerRoundTitle,
  myPlace,
  peopleHere,
  quote,
  roleLine,
  shortAreaName,
  wordLines,
  readingArea,
  wordsRevealed,
} from '../../client/src/views/participant/methods.ts';

const area = (id: string, over: Partial<Area> = {}): Area => ({
  id,
  title: id,
  rect: { x: 0, y: 0, w: 100, h: 100 },
  color: 'sand',
  order: 0,
  ...over,
});

const note = (id: string, over: Partial<Note> = {}): Note => ({
  id,
  text: id,
  pos: { x: 0, y: 0 },
  color: 'yellow',
  areaId: null,
  anonymous: false,
  createdAt: 1,
  ...over,
});

const group = (id: string, members: string[], over: Partial<Group> = {}): Group => ({ id, label: id, members, areaId: null, client: null, ...over });

describe('groups, tables and roles on the phone', () => {
  const areas = new Map([['t2', area('t2', { title: 'Table 2: What gets in the way?', description: 'Build on what is here.' })]]);

  it('finds my group, my table and the round', () => {
    const control = { groups: [group('Group 1', ['a']), group('Group 2', ['b', 'c'], { areaId: 't2' })], round: 1, method: { rotate: 'groups-across-areas' as const } };
    const place = myPlace(control, areas, 'c');
    expect(place.group?.label).toBe('Group 2');
    expect(place.table?.id).toBe('t2');
    expect(place.roundLine).toBe('Round 2');
    expect(place.role).toBeNull();
    expect(myPlace(control, areas, 'nobody').group).toBeNull();
    expect(myPlace({ ...control, method: {} }, areas, 'c').roundLine).toBe('');
  });

  it('names the table and its question', () => {
    expect(shortAreaName(areas.get('t2'))).toBe('Table 2');
    expect(areaQuestion(areas.get('t2')!)).toBe('What gets in the way?');
    expect(areaQuestion(area('x', { title: 'Trio 1' }))).toBeNull();
    expect(areaQuestion(area('x', { title: 'Stage', description: 'What helps here?' }))).toBe('What helps here?');
    expect(shortAreaName(area('x', { title: 'Trio 1' }))).toBe('Trio 1');
  });

  it('tells the client to listen only when the step says so', () => {
    const control = { groups: [group('Trio 1', ['a', 'b', 'c'], { client: 'a' })], round: 0, method: { roles: 'rotate-client' as const } };
    expect(myPlace(control, new Map(), 'a').role).toBe('client');
    expect(myPlace(control, new Map(), 'b').role).toBe('consultant');
    // The phone asks the server's posting rule whether this person listens.
    const listens = (step: Step, participantId: string) =>
      postingRefusals({ ...readControl(new Y.Doc()), ...control, steps: [step], stepIndex: 0 }, { role: 'participant', participantId, postedInStep: 0 }).some(
        (r) => r.kind === 'paused' && r.reason === 'listening',
      );
    const consult = { ...DEFAULT_STEP, clientMayPost: false };
    expect(listens(consult, 'a')).toBe(true);
    expect(listens(consult, 'b')).toBe(false);
    expect(listens(DEFAULT_STEP, 'a')).toBe(false);
    expect(roleLine('client')).toBe('This round you are the client: share your challenge.');
    expect(roleLine('client', true)).toBe('This round you are the client.');
    expect(roleLine('consultant')).toMatch(/^You are a consultant/);
  });

  it('lists what earlier groups left at the table, with their round', () => {
    const notes = [
      note('now', { areaId: 't2', round: 1, createdAt: 5 }),
      note('r0b', { areaId: 't2', round: 0, createdAt: 4 }),
      note('r0a', { areaId: 't2', round: 0, createdAt: 2 }),
      note('other', { areaId: 't1', round: 0 }),
      note('hand', { areaId: 't2' }),
    ];
    const rows = earlierAtTable(notes, 't2', 1);
    expect(rows.map((r) => r.note.id)).toEqual(['hand', 'r0a', 'r0b']);
    expect(rows.map((r) => r.roundLine)).toEqual(['', 'Round 1', 'Round 1']);
    expect(earlierAtTable(notes, 't2', 0).map((r) => r.note.id)).toEqual(['hand']);
    expect(quote('a  b\nc')).toBe('a b c');
    expect(quote('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('cards, markers and words', () => {
  it('shows a talking step\'s area to read together, and nothing in other steps', () => {
    // User Manual's "Read the cards" is a talking step about the cards' area.
    expect(readingArea({ mode: 'discussion', areaId: 'manuals', voting: CLOSED_VOTING })).toBe('manuals');
    expect(readingArea({ mode: 'discussion', areaId: null, voting: CLOSED_VOTING })).toBeNull();
    expect(readingArea({ mode: 'open', areaId: 'manuals', voting: CLOSED_VOTING })).toBeNull();
    expect(readingArea({ mode: 'discussion', areaId: 'manuals', voting: { ...CLOSED_VOTING, open: true } })).toBeNull();
  });

  it('turns a card into one note, skipping empty answers', () => {
    const prompts = ['How best to talk to me…', 'I don’t have patience for…', 'You can count on me for…'];
    expect(cardText(prompts, { [prompts[0]!]: ' Face to face ', [prompts[1]!]: '  ', [prompts[2]!]: 'Listening' })).toBe(
      'How best to talk to me…\nFace to face\n\nYou can count on me for…\nListening',
    );
    expect(cardText(prompts, {})).toBe('');
  });

  it('lists marker areas in order and counts people, never who', () => {
    const areas = new Map([
      ['b', area('b', { order: 2 })],
      ['a', area('a', { order: 1 })],
    ]);
    expect(markerAreas(areas).map((a) => a.id)).toEqual(['a', 'b']);
    expect(peopleHere(0)).toBe('Nobody here yet');
    expect(peopleHere(1)).toBe('1 person here');
    expect(peopleHere(3)).toBe('3 people here');
    const voting = { ...CLOSED_VOTING, open: true, round: 2 };
    expect(markerRoundTitle({ voting, markerRounds: [{ round: 1, title: 'Your team' }, { round: 2, title: 'Where we should be' }] })).toBe('Where we should be');
    expect(markerRoundTitle({ voting, markerRounds: [] })).toBe('');
  });

  it('shows words once they are revealed, repeated ones first', () => {
    const steps = [DEFAULT_STEP, { ...DEFAULT_STEP, id: 'w', mode: 'private' as const, maxNotesPerPerson: 5 }, { ...DEFAULT_STEP, id: 'l', mode: 'discussion' as const }];
    expect(wordsRevealed({ steps, stepIndex: 0, revealed: false })).toBe(false);
    expect(wordsRevealed({ steps, stepIndex: 1, revealed: false })).toBe(false);
    expect(wordsRevealed({ steps, stepIndex: 1, revealed: true })).toBe(true);
    expect(wordsRevealed({ steps, stepIndex: 2, revealed: false })).toBe(true);
    expect(wordsRevealed({ steps: [DEFAULT_STEP], stepIndex: 0, revealed: true })).toBe(false);
    const lines = wordLines([note('1', { text: 'hope' }), note('2', { text: 'Hope!' }), note('3', { text: 'hope' }), note('4', { text: 'fear' })]);
    expect(lines.map((l) => l.line)).toEqual(['hope ×3', 'fear']);
  });
});
