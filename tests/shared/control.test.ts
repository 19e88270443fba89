import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { controlMap, currentStepMode, isBoardLocked, readControl, timerRemaining } from '@tributary/shared/control/state';

describe('control document readers', () => {
  test('the cheap readers agree with readControl, and tolerate garbage', () => {
    const doc = new Y.Doc();
    expect(currentStepMode(doc)).toBe('open');
    expect(isBoardLocked(doc)).toBe(false);
    const map = controlMap(doc);
    map.set('steps', [{ title: 'a', prompt: 'p', mode: 'private' }, { title: 'b', prompt: 'q', mode: 'anonymous' }]);
    map.set('stepIndex', 1);
    map.set('locked', true);
    expect(currentStepMode(doc)).toBe(readControl(doc).mode);
    expect(currentStepMode(doc)).toBe('anonymous');
    expect(isBoardLocked(doc)).toBe(readControl(doc).locked);
    map.set('steps', [{ mode: 'shouting' }]);
    map.set('stepIndex', 0);
    expect(currentStepMode(doc)).toBe('open');
    expect(readControl(doc).mode).toBe('open');
  });

  test('timer remaining on the server clock', () => {
    expect(timerRemaining({ status: 'running', durationMs: 60_000, endsAt: 1_000_000, remainingMs: 60_000 }, 970_000)).toBe(30_000);
    expect(timerRemaining({ status: 'running', durationMs: 60_000, endsAt: 1_000_000, remainingMs: 60_000 }, 1_100_000)).toBe(0);
    expect(timerRemaining({ status: 'paused', durationMs: 60_000, endsAt: null, remainingMs: 12_000 }, 5)).toBe(12_000);
  });
});
