import { t } from '../i18n/i18n.ts';
/**
 * What a screen reader hears from the timer: a word when it starts or pauses, then once per
 * whole minute, and "Time's up" at the end. Never every second.
 */
export interface TimerMoment {
  status: 'idle' | 'running' | 'paused';
  remainingMs: number;
}

export function wholeMinutesLeft(ms: number): number {
  return Math.ceil(Math.max(0, ms) / 60000);
}


/** The announcement for the change from `prev` to `next`, or null for silence. */
export function timerAnnouncement(prev: TimerMoment | null, next: TimerMoment): string | null {
  if (!prev) return null; // Opening the page mid-countdown: the visible timer says it; no speech.
  if (next.status === 'idle') return null;
  if (next.status === 'paused') return prev.status !== 'paused' ? t('room.sayTimerPaused') : null;
  // running
  if (next.remainingMs <= 0) return prev.status !== 'running' || prev.remainingMs > 0 ? t('room.sayTimesUp') : null;
  const now = wholeMinutesLeft(next.remainingMs);
  if (prev.status !== 'running') return t(prev.status === 'paused' ? 'room.sayTimerResumed' : 'room.sayTimerStarted', { minutes: now });
  const before = wholeMinutesLeft(prev.remainingMs);
  // A minute boundary crossed downwards: "4 minutes left" as the clock shows 4:00.
  if (now < before) return t('room.sayMinutesLeft', { minutes: now });
  // Time added by the facilitator.
  if (now > before) return t('room.sayTimeAdded', { minutes: now });
  return null;
}
