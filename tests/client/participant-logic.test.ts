import { describe, expect, it } from 'vitest';
import type { Note } from '@tributary/shared/board/note';
import type { Area } from '@tributary/shared/board/area';
import { DEFAULT_STEP } from '@tributary/shared/control/steps';
import { timerAnnouncement, wholeMinutesLeft } from '../../client/src/ui/timerSpeech.ts';
import { countInStep, stepKey } from '../../client/src/sync/ownNotes.ts';
import { voteRows } from '../../client/src/views/participant/votingList.ts';
import { notesLeftLine, noPostingMessage, postedMessage, stepLine } from '../../client/src/views/participant/words.ts';

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

describe('plain words on the phone', () => {
  it('says what happened to a posted note', () => {
    expect(postedMessage({ status: 'visible' })).toBe('Your note is on the board.');
    expect(postedMessage({ status: 'sealed' })).toMatch(/^Only you can see this note until the facilitator shows everyone/);
    expect(postedMessage({ status: 'pending', waitingFor: 2 })).toBe('Your note will appear without your name once two more people have written.');
    expect(postedMessage({ status: 'pending', waitingFor: 1 })).toBe('Your note will appear without your name once one more person has written.');
  });

  it('names the step in plain words', () => {
    const steps = [DEFAULT_STEP, { ...DEFAULT_STEP, id: 'b' }, { ...DEFAULT_STEP, id: 'c' }, { ...DEFAULT_STEP, id: 'd' }];
    expect(stepLine({ steps, stepIndex: 1, mode: 'private' })).toBe('Step 2 of 4 · Private writing');
    expect(stepLine({ steps: [DEFAULT_STEP], stepIndex: 0, mode: 'open' })).toBe('');
    expect(stepLine({ steps: [DEFAULT_STEP], stepIndex: 0, mode: 'anonymous' })).toBe('Anonymous notes');
  });

  it('counts notes written and explains steps without posting', () => {
    expect(notesLeftLine(3, 5)).toBe('3 of 5 notes written for this step.');
    expect(notesLeftLine(5, 5)).toBe('You have written all 5 notes for this step.');
    const closed = { open: false, budget: 0, round: 0, totals: null };
    expect(noPostingMessage({ mode: 'discussion', whoMayPost: 'nobody', voting: closed, areaId: null })).toBe('This step is for talking. No notes for now.');
    // A talking step about one area (User Manual's "Read the cards") points to what to read.
    expect(noPostingMessage({ mode: 'discussion', whoMayPost: 'nobody', voting: closed, areaId: 'a1' })).toMatch(/below, to read together/);
    expect(noPostingMessage({ mode: 'voting', whoMayPost: 'nobody', voting: closed, areaId: null })).toMatch(/voting/);
  });
});

describe('notes per step', () => {
  it('counts by step, including notes taken back', () => {
    const log = [
      { noteId: 'a', step: stepKey(0, 's1') },
      { noteId: 'b', step: stepKey(1, 's2') },
      { noteId: 'c', step: stepKey(1, 's2') },
    ];
    expect(countInStep(log, stepKey(1, 's2'))).toBe(2);
    expect(countInStep(log, stepKey(2, 's3'))).toBe(0);
  });
});

describe('timer speech', () => {
  it('speaks at the start, at each whole minute and at the end, never every second', () => {
    const said: string[] = [];
    let prev = null as Parameters<typeof timerAnnouncement>[0];
    const at = (status: 'idle' | 'running' | 'paused', ms: number) => {
      const next = { status, remainingMs: ms };
      const s = timerAnnouncement(prev, next);
      if (s) said.push(s);
      prev = next;
    };
    at('idle', 0);
    at('running', 180_000);
    for (let ms = 179_000; ms >= 0; ms -= 1000) at('running', ms);
    expect(said).toEqual(['Timer started: 3 minutes left.', '2 minutes left.', '1 minute left.', 'Time’s up.']);
  });

  it('says nothing on opening mid-countdown, and says pause', () => {
    expect(timerAnnouncement(null, { status: 'running', remainingMs: 100_000 })).toBeNull();
    expect(timerAnnouncement({ status: 'running', remainingMs: 100_000 }, { status: 'paused', remainingMs: 99_000 })).toBe('Timer paused.');
    expect(wholeMinutesLeft(60_001)).toBe(2);
  });
});

describe('voting list', () => {
  it('lists notes in reading order, then by totals once shown', () => {
    const areas = new Map<string, Area>([['A', { id: 'A', title: 'Table 1', rect: { x: 0, y: 0, w: 10, h: 10 }, color: 'grey' as Area['color'], order: 0 }]]);
    const notes = [note('loose', { pos: { x: 0, y: 0 } }), note('inArea', { areaId: 'A', pos: { x: 0, y: 50 } })];
    expect(voteRows(notes, areas, null).map((r) => r.note.id)).toEqual(['inArea', 'loose']);
    expect(voteRows(notes, areas, null)[0]!.areaTitle).toBe('Table 1');
    const rows = voteRows(notes, areas, { loose: 4 });
    expect(rows.map((r) => [r.note.id, r.total])).toEqual([
      ['loose', 4],
      ['inArea', 0],
    ]);
  });
});
