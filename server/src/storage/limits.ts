import type { VoteResult } from './types.ts';

/**
 * The limits storage enforces, written once for both backends. Each backend reads the current
 * state, asks these functions, and writes their answer inside one transaction that nothing else
 * touching the same voter or poster can interleave with (SQLite: one synchronous transaction;
 * PostgreSQL: an advisory lock), so two concurrent requests can never both spend the last unit.
 */

/** What a vote does to one line of a ballot: `count` is the line's new count (0: the line goes). */
export type VoteDecision = { ok: false; result: VoteResult & { ok: false } } | { ok: true; count: number; result: VoteResult & { ok: true } };

/**
 * Adds (+1) or takes back (-1) one vote for `targetId` (a note or an area) on a voter's ballot
 * (target id to count, every count above zero). A voter's total never passes `budget`, and no
 * count goes below zero.
 */
export function decideVote(ballot: Readonly<Record<string, number>>, targetId: string, delta: 1 | -1, budget: number): VoteDecision {
  const spent = Object.values(ballot).reduce((a, b) => a + b, 0);
  const current = ballot[targetId] ?? 0;
  if (delta === 1 && spent >= budget) return { ok: false, result: { ok: false, reason: 'budget-spent' } };
  if (delta === -1 && current === 0) return { ok: false, result: { ok: false, reason: 'no-vote-to-take-back' } };
  const count = current + delta;
  const mine = { ...ballot, [targetId]: count };
  if (count === 0) delete mine[targetId];
  return { ok: true, count, result: { ok: true, remaining: Math.max(0, budget - (spent + delta)), mine } };
}

/**
 * The count after one more post by someone who has posted `count` notes in a step, or null
 * when that would pass `limit` (null: no limit).
 */
export function nextPostCount(count: number, limit: number | null): number | null {
  return limit !== null && count + 1 > limit ? null : count + 1;
}
