/**
 * The facilitation panel without React: editing the script, reading the timer input,
 * counting participation badges and ranking notes by votes. Kept pure so it can be unit tested.
 */
import type { StepInput } from '@tributary/shared/api';
import type { Note } from '@tributary/shared/board/note';
import { PROMPT_MAX } from '@tributary/shared/control/state';
import { STEP_TITLE_MAX, type Step, type StepMode } from '@tributary/shared/control/steps';
import { t } from '../../i18n/i18n.ts';
import type { BadgeKind, PresenceUser } from '../../sync/presenceState.ts';

/** The longest countdown the server accepts (4 hours), in minutes. */
export const MAX_TIMER_MINUTES = 240;
export const DEFAULT_TIMER_MINUTES = 5;

/**
 * A step as `steps.set` accepts it, ids and every setting kept (templates set more than the
 * panel edits: areas, vote targets, card prompts…), so editing the script never loses them.
 */
export function toStepInput(step: Step): StepInput {
  const input: StepInput = { ...step, title: step.title.slice(0, STEP_TITLE_MAX), prompt: step.prompt.slice(0, PROMPT_MAX) };
  for (const key of Object.keys(input) as Array<keyof StepInput>) {
    if (input[key] === undefined) delete input[key];
  }
  if (input.prompts) input.prompts = input.prompts.filter((p) => p.trim() !== '');
  return input;
}

export function moveStep<T>(steps: readonly T[], from: number, to: number): T[] {
  const list = [...steps];
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return list;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item!);
  return list;
}

export function removeStep<T>(steps: readonly T[], index: number): T[] {
  if (steps.length <= 1 || index < 0 || index >= steps.length) return [...steps];
  return steps.filter((_, i) => i !== index);
}

/**
 * Where the session should stand after the script changed: on the same step (found by id) if it
 * is still there, otherwise on the step that took its place.
 */
export function indexAfterEdit(steps: readonly Pick<Step, 'id'>[], currentId: string, previousIndex: number): number {
  const found = steps.findIndex((s) => s.id === currentId);
  if (found >= 0) return found;
  return Math.max(0, Math.min(previousIndex, steps.length - 1));
}

export interface StepDraft {
  title: string;
  prompt: string;
  mode: StepMode;
  /** What was typed in the minutes box; empty for no timer. */
  minutes: string;
}

export function newStepId(random: () => number = Math.random, now: () => number = Date.now): string {
  return `step-${now().toString(36)}-${Math.floor(random() * 36 ** 4).toString(36)}`;
}

/** Reads a minutes box ("5", "2.5", "1,5"). Null when empty or not a usable length. */
export function parseMinutes(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const minutes = Number(trimmed);
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  return Math.min(MAX_TIMER_MINUTES, minutes);
}

/** Seconds for a minutes box, whole and within what the server accepts; null when unusable. */
export function minutesToSeconds(text: string): number | null {
  const minutes = parseMinutes(text);
  if (minutes === null) return null;
  return Math.max(1, Math.min(MAX_TIMER_MINUTES * 60, Math.round(minutes * 60)));
}

/** The minutes box's starting value for a step: its own timer length, or five minutes. */
export function defaultMinutes(step: Pick<Step, 'timerSeconds'> | undefined): string {
  const seconds = step?.timerSeconds;
  if (!seconds) return String(DEFAULT_TIMER_MINUTES);
  const minutes = seconds / 60;
  return Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(1);
}

/** A step built from the add form; the title falls back to the first words of the question. */
export function stepFromDraft(draft: StepDraft, id: string): Step {
  const prompt = draft.prompt.trim().slice(0, PROMPT_MAX);
  const title = (draft.title.trim() || prompt.split(/\s+/).slice(0, 5).join(' ') || t('facilitator.newStepTitle')).slice(0, STEP_TITLE_MAX);
  return {
    id,
    title,
    prompt,
    mode: draft.mode,
    timerSeconds: minutesToSeconds(draft.minutes),
    whoMayPost: draft.mode === 'voting' || draft.mode === 'discussion' ? 'nobody' : 'everyone',
  };
}

/** "5 minutes", "90 seconds", "No timer". */
export function describeTimerLength(seconds: number | null): string {
  if (!seconds) return t('facilitator.timerNone');
  if (seconds % 60 === 0) return t('facilitator.timerMinutes', { minutes: seconds / 60 });
  if (seconds < 60) return t('facilitator.timerSeconds', { seconds });
  return t('facilitator.timerMinutesSeconds', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
}

/** The short name of a mode (the part of STEP_MODE_LABELS before the colon). */
export function shortModeLabel(label: string): string {
  const i = label.indexOf(':');
  return i > 0 ? label.slice(0, i) : label;
}

export interface Participation {
  counts: Record<BadgeKind, number>;
  /** Only people who chose to show their name with their badge. */
  named: Array<{ clientId: number; name: string; kind: BadgeKind }>;
  /** People (not this device) following the facilitator's view. */
  following: number;
  /** Participants connected (not facilitators). */
  participants: number;
}

export function participationOf(users: readonly PresenceUser[]): Participation {
  const counts: Record<BadgeKind, number> = { talk: 0, listen: 0, break: 0 };
  const named: Participation['named'] = [];
  let following = 0;
  let participants = 0;
  for (const user of users) {
    if (user.role === 'participant') participants++;
    if (!user.isSelf && user.following) following++;
    if (!user.badge) continue;
    counts[user.badge.kind]++;
    const name = user.name.trim();
    if (user.badge.showName && name !== '') named.push({ clientId: user.clientId, name, kind: user.badge.kind });
  }
  named.sort((a, b) => a.name.localeCompare(b.name));
  return { counts, named, following, participants };
}

/** A key that changes only when badges, following or who is here change (not cursors). */
export function participationKey(users: readonly PresenceUser[]): string {
  return users
    .map((u) => `${u.clientId}/${u.isSelf ? 1 : 0}/${u.role}/${u.name}/${u.badge ? `${u.badge.kind}${u.badge.showName ? '+' : ''}` : '-'}/${u.following ? 1 : 0}`)
    .join('|');
}

export interface RankedNote {
  noteId: string;
  votes: number;
  text: string;
}

/** Notes with votes, most first (ties keep board order by text), only those still on the board. */
export function topNotes(totals: Readonly<Record<string, number>> | null, notes: ReadonlyMap<string, Pick<Note, 'text'>>, limit = 5): RankedNote[] {
  if (!totals) return [];
  const ranked: RankedNote[] = [];
  for (const [noteId, votes] of Object.entries(totals)) {
    const note = notes.get(noteId);
    if (!note || !(votes > 0)) continue;
    ranked.push({ noteId, votes, text: note.text });
  }
  ranked.sort((a, b) => b.votes - a.votes || a.text.localeCompare(b.text));
  return ranked.slice(0, limit);
}

/**
 * The word for where a marker round's markers go: "stage" (Recovery River) or "rung" (Ladder of
 * Participation) when the board's areas carry that role, "area" otherwise. Areas carry a role
 * (`Area.role`) once their template gives one; read loosely so a board without roles says "area".
 */
export function markerPlace(areas: Iterable<object>): string {
  const roles = new Set<string>();
  for (const area of areas) {
    const role = 'role' in area ? area.role : undefined;
    if (role === 'stage' || role === 'rung') roles.add(role);
  }
  return roles.size === 1 ? [...roles][0]! : 'area';
}

/** The voting section's words: dots on notes, or markers on areas ("stage", "rung": `markerPlace`). */
export function votingWords(markers: boolean, place: string) {
  return markers
    ? {
        title: t('facilitator.markersTitle'),
        count: (count: number) => t('facilitator.markersCount', { count }),
        openLine: (budget: number) => t('facilitator.markersOpenLine', { budget, place }),
        closed: t('facilitator.markersClosed'),
        perPerson: t('facilitator.markersPerPerson'),
        open: t('facilitator.markersOpen', { place }),
        reopen: t('facilitator.markersReopen'),
        fresh: t('facilitator.markersFresh'),
        close: t('facilitator.markersClose'),
        most: t('facilitator.markersMost', { place }),
        none: t('facilitator.markersNone'),
      }
    : {
        title: t('facilitator.votingTitle'),
        count: (count: number) => t('facilitator.votesCount', { count }),
        openLine: (budget: number) => t('facilitator.votingOpenLine', { budget }),
        closed: t('facilitator.votingClosed'),
        perPerson: t('facilitator.votesPerPerson'),
        open: t('facilitator.votingOpen'),
        reopen: t('facilitator.votingReopen'),
        fresh: t('facilitator.votingFresh'),
        close: t('facilitator.votingClose'),
        most: t('facilitator.votingMost'),
        none: t('facilitator.votingNone'),
      };
}
