import type * as Y from 'yjs';
import type { AreaRole } from '../board/records.ts';
import type { BoardSituation } from '../board/rules.ts';
import { STEP_MODES, readSteps, type Step, type StepMode, type VoteTarget, type WhoMayPost } from './steps.ts';
import { readGroups, readMarkerRounds, readMethod, type Group, type MarkerRound, type MethodRules } from './groups.ts';

/**
 * The `control` document holds what the facilitator decides: the script of steps, the current
 * step and its prompt, the timer, reveal, voting, the lock and moderation counts.
 * Only the server writes it, from facilitator commands; every client reads it live.
 *
 * Layout: one Y.Map named `control`, one key per field of {@link ControlState}. Objects are
 * stored as plain JSON values (each key is replaced whole), so readers never see half a change.
 */

/** The countdown, measured on the server's clock. Clients correct for their clock offset. */
export interface TimerState {
  status: 'idle' | 'running' | 'paused';
  /** Length of the countdown as set, in milliseconds. */
  durationMs: number;
  /** While running: the server time (epoch ms) at which it reaches zero. */
  endsAt: number | null;
  /** While idle or paused: what is left. */
  remainingMs: number;
}

export interface VotingState {
  open: boolean;
  /** Votes each person may give in this round. */
  budget: number;
  /** Changes each time voting is opened afresh, so ballots of earlier rounds don't count. */
  round: number;
  /** Totals by note id (or area id), published only once the facilitator shows them. */
  totals: Record<string, number> | null;
  /**
   * What the dots go on: notes, or areas (markers: Recovery River, Ladder of Participation).
   * Always set by readControl; optional only so older literals still type-check.
   */
  target?: VoteTarget;
  /** Totals are published from the start and kept up to date while voting is open. */
  liveTotals?: boolean;
  /**
   * Only notes in areas with this role (or, for markers, areas with it) are voted on: the step's
   * `voteRole` (Reverse Brainstorming votes on the solutions, not the worst ideas).
   */
  role?: AreaRole;
}

/** "Bring everyone here": the facilitator invites everyone to follow their view. */
export interface FollowState {
  active: boolean;
  /** Increases with each invitation, so someone who declined one is asked again next time. */
  invitation: number;
}

export interface ControlState {
  title: string;
  /** The script. A room without a template has one open step. */
  steps: Step[];
  stepIndex: number;
  /** The current prompt (the current step's, possibly edited live). Phones show it first. */
  prompt: string;
  mode: StepMode;
  whoMayPost: WhoMayPost;
  /** The area new notes of this step go to, if the step has one. */
  areaId: string | null;
  timer: TimerState;
  /** Private steps: true once the facilitator has revealed the sealed notes. */
  revealed: boolean;
  /** Notes waiting to be released (anonymous) or revealed (sealed), as counts only. */
  pendingAnonymous: number;
  /**
   * The facilitator asked for the waiting anonymous notes (or moved on) while some could not go
   * out, because fewer than three people wrote them: their phones now offer "show it anyway?".
   */
  anonymousReleaseAsked: boolean;
  sealedCount: number;
  hiddenCount: number;
  /** When true, every note posted is anonymous unless the step says otherwise. */
  anonymousByDefault: boolean;
  /** The room's default language (a catalog code), set by the facilitator; null when none is. */
  language: string | null;
  /** While locked, participants' writes to the board are refused by the server. */
  locked: boolean;
  voting: VotingState;
  follow: FollowState;
  /** Small groups (World Cafe tables, Troika trios): members by participant id, current area, client. */
  groups: Group[];
  /** The current round (0-based) of a method with rounds; rotation and roles follow it. */
  round: number;
  /** Participants may pick a group themselves (`POST …/groups/choose`). */
  groupChoice: boolean;
  /** The method's rules (group sizes, rotation, roles), set by templates. */
  method: MethodRules;
  /** Voting rounds whose targets were areas, with the step title, for the export. */
  markerRounds: MarkerRound[];
}

export const DEFAULT_PROMPT = 'What would you like to share?';
/**
 * Anonymous notes go out in shuffled batches from at least this many different people, and never
 * land where fewer than this many people could have written them (DESIGN.md section 3).
 */
export const ANONYMOUS_BATCH_SIZE = 3;
/** Votes each person gets when a voting step does not say. */
export const DEFAULT_VOTE_BUDGET = 3;
export const ROOM_TITLE_MAX = 120;
export const PROMPT_MAX = 500;

export const IDLE_TIMER: TimerState = { status: 'idle', durationMs: 0, endsAt: null, remainingMs: 0 };
export const CLOSED_VOTING: VotingState = { open: false, budget: 0, round: 0, totals: null, target: 'notes', liveTotals: false };

export function controlMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('control');
}

function obj<T>(value: unknown, fallback: T): T {
  return value && typeof value === 'object' && !Array.isArray(value) ? ({ ...fallback, ...(value as object) } as T) : fallback;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Reads the control state, falling back to defaults for anything missing or malformed. */
export function readControl(doc: Y.Doc): ControlState {
  return controlFrom(controlMap(doc));
}

/**
 * The control state of a room whose document has not arrived: every field at its default (what
 * {@link readControl} reads from an empty document). Needs no Yjs, so a phone can show its note
 * box from what it kept before the live room is loaded.
 */
export function emptyControl(): ControlState {
  return controlFrom(new Map());
}

/** The control state from the document's map, or anything read the same way by key. */
function controlFrom(map: Pick<Y.Map<unknown>, 'get'>): ControlState {
  const steps = readSteps(map.get('steps'));
  const stepIndex = Math.max(0, Math.min(steps.length - 1, num(map.get('stepIndex'), 0)));
  const step = steps[stepIndex]!;
  const title = map.get('title');
  const prompt = map.get('prompt');
  const areaId = map.get('areaId');
  return {
    title: typeof title === 'string' ? title : '',
    steps,
    stepIndex,
    prompt: typeof prompt === 'string' && prompt !== '' ? prompt : step.prompt || DEFAULT_PROMPT,
    mode: step.mode,
    whoMayPost: step.whoMayPost,
    areaId: typeof areaId === 'string' ? areaId : (step.areaId ?? null),
    timer: obj(map.get('timer'), IDLE_TIMER),
    revealed: map.get('revealed') === true,
    pendingAnonymous: num(map.get('pendingAnonymous'), 0),
    anonymousReleaseAsked: map.get('anonymousReleaseAsked') === true,
    sealedCount: num(map.get('sealedCount'), 0),
    hiddenCount: num(map.get('hiddenCount'), 0),
    anonymousByDefault: map.get('anonymousByDefault') === true,
    language: typeof map.get('language') === 'string' ? (map.get('language') as string) : null,
    locked: map.get('locked') === true,
    voting: obj(map.get('voting'), CLOSED_VOTING),
    follow: obj(map.get('follow'), { active: false, invitation: 0 }),
    groups: readGroups(map.get('groups')),
    round: Math.max(0, Math.floor(num(map.get('round'), 0))),
    groupChoice: map.get('groupChoice') === true,
    method: readMethod(map.get('method')),
    markerRounds: readMarkerRounds(map.get('markerRounds')),
  };
}

/** Whether the board is locked: one key, cheap enough to ask on every incoming update. */
export function isBoardLocked(doc: Y.Doc): boolean {
  return controlMap(doc).get('locked') === true;
}

/** The current step's mode, read without parsing the whole script (asked per presence message). */
export function currentStepMode(doc: Y.Doc): StepMode {
  const map = controlMap(doc);
  const steps = map.get('steps');
  const index = map.get('stepIndex');
  const step = Array.isArray(steps) ? steps[typeof index === 'number' ? index : 0] : undefined;
  const mode = step && typeof step === 'object' ? (step as { mode?: unknown }).mode : undefined;
  return typeof mode === 'string' && (STEP_MODES as readonly string[]).includes(mode) ? (mode as StepMode) : 'open';
}

/**
 * What the board allows participants right now (shared/src/board/rules.ts), read without parsing
 * the whole script: the server asks on every incoming board update.
 */
export function boardSituation(doc: Y.Doc): BoardSituation {
  const map = controlMap(doc);
  const steps = map.get('steps');
  const index = map.get('stepIndex');
  const raw = Array.isArray(steps) ? steps[typeof index === 'number' ? index : 0] : undefined;
  const step = raw && typeof raw === 'object' ? (raw as Partial<Record<keyof Step, unknown>>) : {};
  const mode = typeof step.mode === 'string' && (STEP_MODES as readonly string[]).includes(step.mode) ? step.mode : 'open';
  // The same default readSteps gives: talk and voting steps are for nobody's notes.
  const whoMayPost = step.whoMayPost ?? (mode === 'discussion' || mode === 'voting' ? 'nobody' : 'everyone');
  return {
    locked: map.get('locked') === true,
    directPosting: mode === 'open' && whoMayPost === 'everyone',
    arranging: step.arrange === true,
    review: step.review === true,
  };
}

/** Milliseconds left on the timer at server time `serverNow`. */
export function timerRemaining(timer: TimerState, serverNow: number): number {
  if (timer.status === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - serverNow);
  return Math.max(0, timer.remainingMs);
}
