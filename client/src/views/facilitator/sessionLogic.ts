/**
 * The facilitator's session panel without React: editing the script, reading the timer input,
 * counting participation badges and ranking notes by votes. Kept pure so it can be unit tested.
 */
import { PROMPT_MAX, STEP_TITLE_MAX, type Note, type Step, type StepInput, type StepMode } from '@tributary/shared';
import type { BadgeKind, PresenceUser } from '../../sync/RoomClient.ts';

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
  const title = (draft.title.trim() || prompt.split(/\s+/).slice(0, 5).join(' ') || 'New step').slice(0, STEP_TITLE_MAX);
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
  if (!seconds) return 'No timer';
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
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

/** The voting section's words: dots on notes, or markers on areas ("stage", "rung"). */
export function votingWords(markers: boolean, place: string) {
  return markers
    ? {
        title: 'Markers',
        count: (n: number) => plural(n, 'marker', 'markers'),
        openLine: (budget: number) => `People are placing markers: ${plural(budget, 'marker', 'markers')} each, on the ${place} that fits`,
        closed: 'Markers are closed',
        perPerson: 'Markers per person',
        open: `Ask people to place a marker on a ${place}`,
        reopen: 'Start a new round of markers',
        fresh: 'A new round starts from zero. This round’s markers stay in the results.',
        close: 'Close markers',
        most: `Markers on each ${place}`,
        none: 'No markers yet.',
      }
    : {
        title: 'Voting',
        count: (n: number) => plural(n, 'vote', 'votes'),
        openLine: (budget: number) => `Voting is open: ${plural(budget, 'vote', 'votes')} each`,
        closed: 'Voting is closed',
        perPerson: 'Votes per person',
        open: 'Open voting',
        reopen: 'Open a new vote',
        fresh: 'A new vote starts from zero.',
        close: 'Close voting',
        most: 'Most votes',
        none: 'No votes yet.',
      };
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
