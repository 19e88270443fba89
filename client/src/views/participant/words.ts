// Plain words for the phone view, kept apart from React so they can be tested and reused.
// Subpath imports only: the package index also carries the HTTP schemas, which phones never need.
import type { ControlState } from '@tributary/shared/control/state';
import type { StepMode } from '@tributary/shared/control/steps';

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "two" for 2, "12" for 12: small numbers read more calmly as words. */
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** Short names of step modes for the small line above the question. */
export const MODE_SHORT: Record<StepMode, string> = {
  open: 'Sharing',
  private: 'Private writing',
  anonymous: 'Anonymous notes',
  voting: 'Voting',
  discussion: 'Talking',
};

/**
 * "Step 2 of 4 · Private writing". A room with a single open step needs no such line (empty).
 */
export function stepLine(control: Pick<ControlState, 'steps' | 'stepIndex' | 'mode'>): string {
  const total = control.steps.length;
  const mode = MODE_SHORT[control.mode];
  if (total <= 1) return control.mode === 'open' ? '' : mode;
  return `Step ${control.stepIndex + 1} of ${total} · ${mode}`;
}

export type NoteStatusWord = 'visible' | 'sealed' | 'pending' | 'hidden' | 'gone';

/** What to say right after posting, from the server's answer. */
export function postedMessage(reply: { status: 'visible' | 'sealed' | 'pending'; waitingFor?: number | undefined }): string {
  if (reply.status === 'sealed') return 'Only you can see this note until the facilitator shows everyone’s notes.';
  if (reply.status === 'pending') {
    const n = reply.waitingFor ?? 0;
    if (n <= 0) return 'Your note will appear without your name very soon.';
    return `Your note will appear without your name once ${numberWord(n)} more ${n === 1 ? 'person has' : 'people have'} written.`;
  }
  return 'Your note is on the board.';
}

/** A waiting anonymous note: who it waits for, so nobody can tell it is yours. */
export function waitingWords(waitingFor: number | undefined): string {
  if (!waitingFor) return 'Waiting to go on the board without your name, together with other people’s notes.';
  return `Waiting for ${numberWord(waitingFor)} more ${waitingFor === 1 ? 'person’s' : 'people’s'} notes, so nobody can tell which is yours.`;
}

/** The question on a note that waits alone (or nearly) after the facilitator asked for the notes. */
export function showAnywayQuestion(waitingFor: number | undefined): string {
  return waitingFor === 2 ? 'Only your note is waiting: show it anyway?' : 'Only a few notes are waiting: show yours anyway?';
}

/** The status of one of "my notes", in words, for the list. */
export function statusWords(status: NoteStatusWord, anonymous: boolean): string {
  switch (status) {
    case 'sealed':
      return 'Only you can see this note until the facilitator shows everyone’s notes.';
    case 'pending':
      return 'Waiting to go on the board without your name, together with a few other notes.';
    case 'hidden':
      return 'The facilitator has taken this note off the board for now.';
    case 'gone':
      return 'This note is no longer on the board.';
    default:
      return anonymous ? 'On the board, without your name.' : 'On the board.';
  }
}

/** "3 of 5 notes written", or the plain sentence once all are written. */
export function notesLeftLine(written: number, max: number): string {
  if (written >= max) return `You have written all ${max} notes for this step.`;
  return `${written} of ${max} notes written for this step.`;
}

/** Why there is no note form in this step, when whoMayPost is not "everyone". */
export function noPostingMessage(control: Pick<ControlState, 'mode' | 'whoMayPost' | 'voting' | 'areaId'>): string {
  if (control.mode === 'voting' || control.voting.open) return 'This step is for voting. No new notes for now.';
  if (control.whoMayPost === 'facilitator') return 'The facilitator is writing the notes in this step. You can follow along.';
  if (control.mode === 'discussion' && control.areaId) return 'This step is for talking. What the group wrote is below, to read together.';
  return 'This step is for talking. No notes for now.';
}
