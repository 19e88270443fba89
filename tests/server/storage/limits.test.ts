import { describe, expect, test } from 'vitest';
import { decideVote, nextPostCount } from '../../../server/src/storage/limits.ts';

describe('the limits both storage backends apply', () => {
  test('a vote is refused once the budget is spent, on any target', () => {
    expect(decideVote({ a: 2, b: 1 }, 'c', 1, 3)).toEqual({ ok: false, result: { ok: false, reason: 'budget-spent' } });
    expect(decideVote({ a: 2 }, 'b', 1, 3)).toEqual({ ok: true, count: 1, result: { ok: true, remaining: 0, mine: { a: 2, b: 1 } } });
  });

  test('taking back lowers a count, removes the line at zero, and is refused where there is no vote', () => {
    expect(decideVote({ a: 2 }, 'a', -1, 3)).toEqual({ ok: true, count: 1, result: { ok: true, remaining: 2, mine: { a: 1 } } });
    expect(decideVote({ a: 1, b: 1 }, 'a', -1, 3)).toEqual({ ok: true, count: 0, result: { ok: true, remaining: 2, mine: { b: 1 } } });
    expect(decideVote({ a: 1 }, 'b', -1, 3)).toEqual({ ok: false, result: { ok: false, reason: 'no-vote-to-take-back' } });
  });

  test('a budget lowered below what was spent leaves nothing remaining, never less', () => {
    expect(decideVote({ a: 5 }, 'a', -1, 2)).toEqual({ ok: true, count: 4, result: { ok: true, remaining: 0, mine: { a: 4 } } });
  });

  test('a post is counted up to the limit and refused past it; no limit counts on', () => {
    expect(nextPostCount(0, 1)).toBe(1);
    expect(nextPostCount(1, 1)).toBeNull();
    expect(nextPostCount(0, 0)).toBeNull();
    expect(nextPostCount(41, null)).toBe(42);
  });
});
