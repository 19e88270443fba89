import type { HeldNote } from '../storage/types.ts';

// What a held note keeps while it waits for the facilitator. Apart from queue.ts so that notes.ts,
// which queue.ts uses, can hold notes without an import cycle.

/** Why a note waits for the facilitator, and what it is kept with (QueueMarks in storage/types.ts). */
export type QueueHold = NonNullable<HeldNote['data']['queue']>;

/** The minute of `at`: the only timing a queued note keeps. */
export const minuteOf = (at: number): number => Math.floor(at / 60_000) * 60_000;

/**
 * A held note (sealed, pending or queued) after its writer edited it: with a filter word in its
 * new text, or new words that need checking (`review`: a review step, or a note the facilitator
 * already approved), it waits for the facilitator (a sealed one is sealed again once approved, a
 * pending one waits for its batch again); a queued one stays queued whatever the edit, its filter
 * words counted afresh, until the facilitator decides.
 */
export function queueEdited(held: HeldNote, matched: string[], review: boolean): HeldNote {
  if (held.state !== 'queued' && matched.length === 0 && !review) return held;
  const before = held.data.queue;
  const queue: QueueHold = {
    reason: matched.length > 0 ? 'filter' : (before?.reason ?? (review ? 'review' : 'filter')),
    minute: before?.minute ?? minuteOf(Date.now()),
  };
  if (matched.length > 0) queue.matched = matched;
  if (before?.sealed || held.state === 'sealed') queue.sealed = true;
  if (before?.wasVisible) queue.wasVisible = true;
  return { ...held, state: 'queued', data: { ...held.data, queue } };
}
