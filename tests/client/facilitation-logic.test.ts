import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Store } from '../../client/src/sync/store.ts';
import type { PresenceUser } from '../../client/src/sync/presenceState.ts';
import type { Step } from '@tributary/shared/control/steps';
import { shareViewport, viewportOf } from '../../client/src/editor/followViewport.ts';
import type { Camera, Size } from '../../client/src/editor/camera.ts';
import {
  defaultMinutes,
  describeTimerLength,
  indexAfterEdit,
  minutesToSeconds,
  moveStep,
  newStepId,
  parseMinutes,
  participationKey,
  participationOf,
  removeStep,
  shortModeLabel,
  stepFromDraft,
  toStepInput,
  topNotes,
} from '../../client/src/views/facilitator/facilitationLogic.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The words these helpers give come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'facilitator'));

const step = (id: string, extra: Partial<Step> = {}): Step => ({
  id,
  title: id,
  prompt: `Question ${id}`,
  mode: 'open',
  timerSeconds: null,
  whoMayPost: 'everyone',
  ...extra,
});

function user(clientId: number, extra: Partial<PresenceUser> = {}): PresenceUser {
  return {
    clientId,
    isSelf: false,
    person: null,
    name: '',
    color: '#000',
    role: 'participant',
    badge: null,
    following: false,
    viewport: null,
    cursor: null,
    drag: null,
    ...extra,
  };
}

describe('session script editing', () => {
  it('moves, removes and keeps ids', () => {
    const steps = [step('a'), step('b'), step('c')];
    expect(moveStep(steps, 0, 2).map((s) => s.id)).toEqual(['b', 'c', 'a']);
    expect(moveStep(steps, 2, 1).map((s) => s.id)).toEqual(['a', 'c', 'b']);
    expect(moveStep(steps, 0, 5).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(removeStep(steps, 1).map((s) => s.id)).toEqual(['a', 'c']);
    expect(removeStep([step('only')], 0).map((s) => s.id)).toEqual(['only']);
  });

  it('stays on the current step after an edit, or on the one that took its place', () => {
    const steps = [step('a'), step('b'), step('c')];
    expect(indexAfterEdit(moveStep(steps, 1, 0), 'b', 1)).toBe(0);
    expect(indexAfterEdit(removeStep(steps, 2), 'c', 2)).toBe(1);
    expect(indexAfterEdit(removeStep(steps, 1), 'b', 1)).toBe(1);
  });

  it('sends steps exactly as steps.set accepts them', () => {
    const input = toStepInput({ ...step('a', { voteBudget: 4, areaId: 'area-1' }) });
    expect(input).toEqual({
      id: 'a',
      title: 'a',
      prompt: 'Question a',
      mode: 'open',
      timerSeconds: null,
      whoMayPost: 'everyone',
      areaId: 'area-1',
      voteBudget: 4,
    });
    expect(Object.keys(toStepInput(step('b')))).not.toContain('areaId');
    // Settings from templates that the panel does not edit survive a script change.
    const kept = toStepInput({ ...step('c', { mode: 'voting' }), voteTarget: 'areas', liveTotals: true, prompts: ['Who am I?', ' '] } as Step);
    expect(kept).toMatchObject({ voteTarget: 'areas', liveTotals: true, prompts: ['Who am I?'] });
  });

  it('builds a new step from the form', () => {
    const s = stepFromDraft({ title: '', prompt: 'What helped you most this year?', mode: 'voting', minutes: '3' }, 'step-x');
    expect(s).toEqual({
      id: 'step-x',
      title: 'What helped you most this',
      prompt: 'What helped you most this year?',
      mode: 'voting',
      timerSeconds: 180,
      whoMayPost: 'nobody',
    });
    expect(stepFromDraft({ title: 'Share', prompt: '', mode: 'open', minutes: '' }, 'y').timerSeconds).toBeNull();
    const a = newStepId(() => 0.5, () => 1000);
    expect(a).toMatch(/^step-[0-9a-z]+-[0-9a-z]+$/);
    expect(a.length).toBeLessThanOrEqual(64);
  });
});

describe('timer input', () => {
  it('reads minutes the way people type them', () => {
    expect(parseMinutes('5')).toBe(5);
    expect(parseMinutes(' 2,5 ')).toBe(2.5);
    expect(parseMinutes('')).toBeNull();
    expect(parseMinutes('0')).toBeNull();
    expect(parseMinutes('-3')).toBeNull();
    expect(parseMinutes('abc')).toBeNull();
    expect(minutesToSeconds('1.5')).toBe(90);
    expect(minutesToSeconds('9999')).toBe(4 * 3600);
    expect(minutesToSeconds('0.001')).toBe(1);
  });

  it('defaults to the step length or five minutes', () => {
    expect(defaultMinutes(step('a'))).toBe('5');
    expect(defaultMinutes(step('a', { timerSeconds: 600 }))).toBe('10');
    expect(defaultMinutes(step('a', { timerSeconds: 90 }))).toBe('1.5');
    expect(defaultMinutes(undefined)).toBe('5');
  });

  it('describes lengths and modes in plain words', () => {
    expect(describeTimerLength(null)).toBe('No timer');
    expect(describeTimerLength(60)).toBe('1 minute');
    expect(describeTimerLength(300)).toBe('5 minutes');
    expect(describeTimerLength(45)).toBe('45 seconds');
    expect(describeTimerLength(90)).toBe('1 min 30 s');
    expect(shortModeLabel('Private writing: notes stay hidden')).toBe('Private writing');
  });
});

describe('participation', () => {
  it('counts badges, names only those who chose to show them, counts followers', () => {
    const users = [
      user(1, { isSelf: true, role: 'facilitator', name: 'Dee', badge: { kind: 'talk', showName: true } }),
      user(2, { name: 'Sam', badge: { kind: 'talk', showName: true }, following: true }),
      user(3, { name: 'Ali', badge: { kind: 'break', showName: false }, following: true }),
      user(4, { badge: { kind: 'listen', showName: true } }),
      user(5, { name: 'Jo' }),
    ];
    const p = participationOf(users);
    expect(p.counts).toEqual({ talk: 2, listen: 1, break: 1 });
    expect(p.named.map((n) => n.name)).toEqual(['Dee', 'Sam']);
    expect(p.following).toBe(2);
    expect(p.participants).toBe(4);
  });

  it('has a key that ignores cursor moves but not badges', () => {
    const a = [user(1, { cursor: { x: 1, y: 1 } })];
    const b = [user(1, { cursor: { x: 5, y: 9 } })];
    const c = [user(1, { badge: { kind: 'listen', showName: false } })];
    expect(participationKey(a)).toBe(participationKey(b));
    expect(participationKey(a)).not.toBe(participationKey(c));
  });
});

describe('vote totals', () => {
  it('ranks notes still on the board, most votes first', () => {
    const notes = new Map([
      ['n1', { text: 'Housing' }],
      ['n2', { text: 'Benefits' }],
      ['n3', { text: 'Peer support' }],
    ]);
    const ranked = topNotes({ n1: 2, n2: 5, n3: 2, gone: 9, n4: 0 }, notes, 5);
    expect(ranked.map((r) => [r.noteId, r.votes])).toEqual([
      ['n2', 5],
      ['n1', 2],
      ['n3', 2],
    ]);
    expect(topNotes(null, notes)).toEqual([]);
    expect(topNotes({ n1: 1, n2: 2, n3: 3 }, notes, 2)).toHaveLength(2);
  });
});

describe('sharing the view for "Bring everyone here"', () => {
  it('is the board point at the centre of the screen and the zoom', () => {
    expect(viewportOf({ x: 0, y: 0, zoom: 1 }, { width: 1000, height: 800 })).toEqual({ x: 500, y: 400, zoom: 1 });
    expect(viewportOf({ x: -100, y: 50, zoom: 2 }, { width: 1000, height: 800 })).toEqual({ x: 300, y: 175, zoom: 2 });
  });

  it('publishes throttled camera changes and clears the view on stop', () => {
    // The throttle's clock is faked: the test moves time itself, so a slow machine cannot stretch it.
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const camera = new Store<Camera>({ x: 0, y: 0, zoom: 1 });
    const viewport = new Store<Size>({ width: 1000, height: 800 });
    const sent: Array<unknown> = [];
    const stop = shareViewport({ camera, viewport }, (p) => sent.push(p.viewport), 40);
    expect(sent).toEqual([{ x: 500, y: 400, zoom: 1 }]);
    for (let i = 1; i <= 10; i++) camera.set({ x: -i * 10, y: 0, zoom: 1 });
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(80);
    expect(sent).toEqual([
      { x: 500, y: 400, zoom: 1 },
      { x: 600, y: 400, zoom: 1 },
    ]);
    stop();
    expect(sent.at(-1)).toBeNull();
    camera.set({ x: 0, y: 0, zoom: 2 });
    vi.advanceTimersByTime(60);
    expect(sent.at(-1)).toBeNull();
  });
});
