import { isAreaRole, type AreaRole } from '../board/records.ts';

/**
 * A session follows a script of steps. Each step has a prompt, a mode and an optional timer;
 * the facilitator moves between them. Templates are scripts (DESIGN.md section 8).
 */

/**
 * - `open`: notes appear on the board as they are posted, with the author's name if they gave one.
 * - `private`: notes are sealed on the server, seen only by their author, until the reveal.
 * - `anonymous`: notes are posted without a name and released in shuffled batches.
 * - `voting`: people spend dots on notes; posting is paused.
 * - `discussion`: talk only; nobody posts.
 */
export const STEP_MODES = ['open', 'private', 'anonymous', 'voting', 'discussion'] as const;
export type StepMode = (typeof STEP_MODES)[number];

/** Who may post notes in a step. */
export const WHO_MAY_POST = ['everyone', 'facilitator', 'nobody'] as const;
export type WhoMayPost = (typeof WHO_MAY_POST)[number];

export interface Step {
  id: string;
  title: string;
  prompt: string;
  mode: StepMode;
  /** Suggested countdown for the step, in seconds (the facilitator starts it). */
  timerSeconds: number | null;
  whoMayPost: WhoMayPost;
  /** Area where this step's notes go (World Cafe table, river stage…). */
  areaId?: string;
  /** Private steps: how many notes each person may write (Word Association: five). */
  maxNotesPerPerson?: number;
  /** Voting steps: votes per person. */
  voteBudget?: number;
  /**
   * Where a participant's notes go, when not to the step's fixed `areaId`:
   * - `group-area`: their group's current area (a World Cafe table, a Troika trio's area), tagged
   *   with the current round;
   * - `pick-area`: an area the person picks among the areas with role `pickRole` ("Which stage
   *   is this about?"). The server refuses a note without a pick, or with an area of another role.
   * A step with none of these (and no `areaId`) is free placement: notes land outside every area.
   */
  postTo?: StepPostTo;
  /** With `postTo: 'pick-area'`: the role of the areas people pick among (Recovery River: `stage`). */
  pickRole?: AreaRole;
  /**
   * Each note turns around (builds on) a note in an area with this role, picked by the writer,
   * and is linked to it with `replyTo` (Reverse Brainstorming: flip a `worst` idea).
   */
  linkRole?: AreaRole;
  /** Voting steps: only notes (or, for markers, areas) in areas with this role are voted on and counted. */
  voteRole?: AreaRole;
  /** `false`: while methods give roles (Troika), the client of each group only listens. */
  clientMayPost?: boolean;
  /** Voting steps: what people place their dots on, notes (default) or areas (markers). */
  voteTarget?: VoteTarget;
  /** Voting steps: publish totals while voting is open (counts only, never who). */
  liveTotals?: boolean;
  /** Card prompts a person answers (User Manual), editable by the facilitator. */
  prompts?: string[];
  /** Participants may arrange the board: move anyone's notes, not only their own (grouping steps). */
  arrange?: boolean;
  /**
   * Review step: every participant's note waits in the facilitator's queue until approved, and
   * nobody writes notes straight onto the board (docs/API.md "Waiting for the facilitator").
   */
  review?: boolean;
}

export const STEP_POST_TO = ['group-area', 'pick-area'] as const;
export type StepPostTo = (typeof STEP_POST_TO)[number];
export const VOTE_TARGETS = ['notes', 'areas'] as const;
export type VoteTarget = (typeof VOTE_TARGETS)[number];
export const CARD_PROMPT_MAX = 200;
export const MAX_CARD_PROMPTS = 12;

export const STEP_TITLE_MAX = 80;
export const MAX_STEPS = 50;

export const DEFAULT_STEP: Step = {
  id: 'step-1',
  title: 'Share',
  prompt: 'What would you like to share?',
  mode: 'open',
  timerSeconds: null,
  whoMayPost: 'everyone',
};

function isMode(value: unknown): value is StepMode {
  return typeof value === 'string' && (STEP_MODES as readonly string[]).includes(value);
}

/** Reads the step list from the control document, tolerating anything malformed. */
export function readSteps(value: unknown): Step[] {
  if (!Array.isArray(value) || value.length === 0) return [DEFAULT_STEP];
  const steps: Step[] = [];
  for (const [i, raw] of value.entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const s = raw as Record<string, unknown>;
    const mode = isMode(s.mode) ? s.mode : 'open';
    const step: Step = {
      id: typeof s.id === 'string' ? s.id : `step-${i + 1}`,
      title: typeof s.title === 'string' ? s.title.slice(0, STEP_TITLE_MAX) : `Step ${i + 1}`,
      prompt: typeof s.prompt === 'string' ? s.prompt : '',
      mode,
      timerSeconds: typeof s.timerSeconds === 'number' && s.timerSeconds > 0 ? s.timerSeconds : null,
      whoMayPost:
        typeof s.whoMayPost === 'string' && (WHO_MAY_POST as readonly string[]).includes(s.whoMayPost)
          ? (s.whoMayPost as WhoMayPost)
          : mode === 'discussion' || mode === 'voting'
            ? 'nobody'
            : 'everyone',
    };
    if (typeof s.areaId === 'string') step.areaId = s.areaId;
    if (typeof s.maxNotesPerPerson === 'number' && s.maxNotesPerPerson > 0) step.maxNotesPerPerson = s.maxNotesPerPerson;
    if (typeof s.voteBudget === 'number' && s.voteBudget > 0) step.voteBudget = s.voteBudget;
    if (s.postTo === 'group-area') step.postTo = 'group-area';
    // A pick step without a role to pick from could never take a note: read it as free placement.
    if (s.postTo === 'pick-area' && isAreaRole(s.pickRole)) {
      step.postTo = 'pick-area';
      step.pickRole = s.pickRole;
    }
    if (isAreaRole(s.linkRole)) step.linkRole = s.linkRole;
    if (isAreaRole(s.voteRole)) step.voteRole = s.voteRole;
    if (typeof s.clientMayPost === 'boolean') step.clientMayPost = s.clientMayPost;
    if (s.voteTarget === 'areas' || s.voteTarget === 'notes') step.voteTarget = s.voteTarget;
    if (typeof s.liveTotals === 'boolean') step.liveTotals = s.liveTotals;
    if (s.arrange === true) step.arrange = true;
    if (s.review === true) step.review = true;
    if (Array.isArray(s.prompts)) {
      step.prompts = s.prompts.filter((p): p is string => typeof p === 'string').slice(0, MAX_CARD_PROMPTS).map((p) => p.slice(0, CARD_PROMPT_MAX));
    }
    steps.push(step);
  }
  return steps.length > 0 ? steps : [DEFAULT_STEP];
}

/** Plain-language names of modes, for screens and screen readers. */
export const STEP_MODE_LABELS: Record<StepMode, string> = {
  open: 'Open: notes appear as they are posted',
  private: 'Private writing: notes stay hidden until the reveal',
  anonymous: 'Anonymous: notes appear without names, a few at a time',
  voting: 'Voting: give your dots to the notes you agree with',
  discussion: 'Talk: no notes in this step',
};

/**
 * What a step asks of people, in one line: its mode's label, except that a marker round (a
 * voting step whose votes go on areas) is not dots on notes: "Markers: place your marker on a
 * stage". `place` names the areas ("stage", "rung"); "area" when nothing better is known.
 */
export function stepModeLabel(step: { mode: StepMode; voteTarget?: VoteTarget }, place = 'area'): string {
  if (step.mode === 'voting' && step.voteTarget === 'areas') return `Markers: place your marker on the ${place} that fits`;
  return STEP_MODE_LABELS[step.mode];
}
