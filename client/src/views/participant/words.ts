// Plain words for the phone view, kept apart from React so they can be tested and reused.
// Subpath imports only: the package index also carries the HTTP schemas, which phones never need.
import { DEFAULT_PROMPT, type ControlState } from '@tributary/shared/control/state';
import type { StepMode } from '@tributary/shared/control/steps';
import { t, type MessageId } from '../../i18n/i18n.ts';

/** The question as the phone shows it: the product's own default question in the person's language, else the facilitator's words. */
export function promptText(prompt: string): string {
  return prompt === DEFAULT_PROMPT ? t('phone.defaultPrompt') : prompt;
}

/** Short names of step modes for the small line above the question. */
const MODE_SHORT: Record<StepMode, MessageId> = {
  open: 'phone.modeOpen',
  private: 'phone.modePrivate',
  anonymous: 'phone.modeAnonymous',
  voting: 'phone.modeVoting',
  discussion: 'phone.modeDiscussion',
};

export function modeShort(mode: StepMode): string {
  return t(MODE_SHORT[mode]);
}

/**
 * "Step 2 of 4 · Private writing". A room with a single open step needs no such line (empty).
 */
export function stepLine(control: Pick<ControlState, 'steps' | 'stepIndex' | 'mode'>): string {
  const total = control.steps.length;
  const mode = modeShort(control.mode);
  if (total <= 1) return control.mode === 'open' ? '' : mode;
  return t('phone.stepLine', { step: control.stepIndex + 1, total, mode });
}

export type NoteStatusWord = 'visible' | 'sealed' | 'pending' | 'queued' | 'hidden' | 'gone';

/** What to say right after posting, from the server's answer. */
export function postedMessage(reply: { status: 'visible' | 'sealed' | 'pending' | 'queued'; waitingFor?: number | undefined }): string {
  if (reply.status === 'sealed') return t('phone.statusSealed');
  if (reply.status === 'queued') return t('phone.postedQueued');
  if (reply.status === 'pending') {
    const n = reply.waitingFor ?? 0;
    if (n <= 0) return t('phone.postedPendingSoon');
    return t('phone.postedPending', { count: n });
  }
  return t('phone.postedVisible');
}

/** A waiting anonymous note: who it waits for, so nobody can tell it is yours. */
export function waitingWords(waitingFor: number | undefined): string {
  if (!waitingFor) return t('phone.waitingForOthers');
  return t('phone.waitingForPeople', { count: waitingFor });
}

/** The question on a note that waits alone (or nearly) after the facilitator asked for the notes. */
export function showAnywayQuestion(waitingFor: number | undefined): string {
  return waitingFor === 2 ? t('phone.showAnywayOnlyYours') : t('phone.showAnywayFew');
}

/** The status of one of "my notes", in words, for the list. */
export function statusWords(status: NoteStatusWord, anonymous: boolean): string {
  switch (status) {
    case 'sealed':
      return t('phone.statusSealed');
    case 'pending':
      return t('phone.statusPending');
    case 'queued':
      return t('phone.statusQueued');
    case 'hidden':
      return t('phone.statusHidden');
    case 'gone':
      return t('phone.statusGone');
    default:
      return anonymous ? t('phone.statusVisibleAnonymous') : t('phone.statusVisible');
  }
}

/** "3 of 5 notes written", or the plain sentence once all are written. */
export function notesLeftLine(written: number, max: number): string {
  if (written >= max) return t('phone.allNotesWritten', { max });
  return t('phone.notesWritten', { written, max });
}

/** Why there is no note form in this step, when whoMayPost is not "everyone". */
export function noPostingMessage(control: Pick<ControlState, 'mode' | 'whoMayPost' | 'voting' | 'areaId'>): string {
  if (control.mode === 'voting' || control.voting.open) return t('phone.noPostingVoting');
  if (control.whoMayPost === 'facilitator') return t('phone.noPostingFacilitator');
  if (control.mode === 'discussion' && control.areaId) return t('phone.noPostingReadTogether');
  return t('phone.noPostingTalking');
}
