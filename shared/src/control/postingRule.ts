import type { Role } from '../protocol.ts';
import { groupOf, type Group } from './groups.ts';
import type { ControlState } from './state.ts';

/**
 * Who may post a note, and how it goes up: the one statement of the rule. The server enforces
 * it on every note posted through `POST …/notes` (with the count it keeps in storage); the phone
 * asks the same function to say, before anyone writes, what the server will do.
 */

/** The part of the control state the rule reads. */
export type PostingControl = Pick<
  ControlState,
  'locked' | 'whoMayPost' | 'mode' | 'steps' | 'stepIndex' | 'groups' | 'method' | 'round' | 'revealed' | 'anonymousByDefault'
>;

/** The person posting. */
export interface Poster {
  role: Role;
  /** A participant's opaque id (groups and roles are by it); null for the facilitator. */
  participantId: string | null | undefined;
  /** How many notes they have posted in the current step. */
  postedInStep: number;
  /**
   * Whether they asked to post without their name; undefined takes the room's default. Counts
   * only where the step and the room leave the choice to them.
   */
  asksAnonymous?: boolean | undefined;
}

/**
 * Why a note is refused, as the server's errors say it: `paused` is TRIB_POSTING_PAUSED with
 * its reason, `limit` is TRIB_NOTE_LIMIT with the step's limit as `count`.
 */
export type PostingRefusal =
  | { kind: 'paused'; reason: 'locked' | 'voting' | 'talking' | 'listening' }
  | { kind: 'limit'; count: number };

/** Who decided that a note goes up without a name. */
export type AnonymousBy = 'step' | 'room' | 'choice';

/** How a note that may be posted goes up. */
export interface PostingWay {
  /** The note goes up without its writer's name (in an anonymous batch, unless sealed first). */
  anonymous: boolean;
  /** The step makes every note anonymous (`step`), the room does by default (`room`), or the writer chooses (`choice`). */
  anonymousBy: AnonymousBy;
  /** Private writing before the reveal: the note is held sealed until the facilitator reveals. */
  sealed: boolean;
  /**
   * A review step: the note first waits in the facilitator's queue (before it is sealed or
   * waits for its anonymous batch). The facilitator's own notes never wait.
   */
  queued: boolean;
  /** The poster's group, whose area the note goes to in a step that posts to group areas. */
  group: Group | null;
  /** The round the note is tagged with (steps that post to group areas), else undefined. */
  round: number | undefined;
  /** The step's limit on notes per person (facilitators have none), or null without one. */
  limit: number | null;
  /** Notes still allowed in this step under the limit, or null without one. */
  left: number | null;
}

export type PostingDecision = ({ allowed: true } & PostingWay) | ({ allowed: false } & PostingRefusal);

/**
 * Every reason this person may not post a note now, first the one the server answers with (an
 * empty list: they may). The facilitator may always post (no lock, no step rule and no limit
 * holds them). A participant is refused while posting is locked, in a step where not everyone
 * may post (voting or talking), when they are the client who listens in this part of a
 * role-taking method (Troika), and once they reached the step's limit of notes per person.
 * The phone reads the whole list: a paused room still shows its note form, and a listening
 * client is told to listen whether or not posting is paused.
 */
export function postingRefusals(control: PostingControl, poster: Poster): PostingRefusal[] {
  if (poster.role === 'facilitator') return [];
  const step = control.steps[control.stepIndex];
  const group = groupOf(control.groups, poster.participantId);
  const refusals: PostingRefusal[] = [];
  if (control.locked) refusals.push({ kind: 'paused', reason: 'locked' });
  if (control.whoMayPost !== 'everyone') refusals.push({ kind: 'paused', reason: control.mode === 'voting' ? 'voting' : 'talking' });
  if (group && step?.clientMayPost === false && control.method.roles && group.client === poster.participantId) {
    refusals.push({ kind: 'paused', reason: 'listening' });
  }
  const limit = noteLimit(control, poster);
  if (limit !== null && poster.postedInStep >= limit) refusals.push({ kind: 'limit', count: limit });
  return refusals;
}

/** The step's limit on notes per person (facilitators have none), or null without one. */
export function noteLimit(control: PostingControl, poster: Pick<Poster, 'role'>): number | null {
  const max = control.steps[control.stepIndex]?.maxNotesPerPerson;
  return poster.role !== 'facilitator' && max ? max : null;
}

/**
 * Whether a note goes up without its writer's name, and who decided: an anonymous step always;
 * otherwise what the writer asked for (`asksAnonymous`), and the room's default when they asked
 * nothing. A room anonymous by default lets a writer who asks otherwise show their name.
 */
export function noteAnonymity(
  control: Pick<PostingControl, 'mode' | 'anonymousByDefault'>,
  asksAnonymous: boolean | undefined,
): { anonymous: boolean; by: AnonymousBy } {
  const by: AnonymousBy = control.mode === 'anonymous' ? 'step' : control.anonymousByDefault ? 'room' : 'choice';
  return { anonymous: by === 'step' || (asksAnonymous ?? control.anonymousByDefault), by };
}

/**
 * Whether this person may post a note now and, if so, how it goes up; if not, the first reason
 * of {@link postingRefusals} (the one the server answers with).
 */
export function postingDecision(control: PostingControl, poster: Poster): PostingDecision {
  const [refusal] = postingRefusals(control, poster);
  if (refusal) return { allowed: false, ...refusal };
  const step = control.steps[control.stepIndex];
  const limit = noteLimit(control, poster);
  const { anonymous, by } = noteAnonymity(control, poster.asksAnonymous);
  return {
    allowed: true,
    anonymous,
    anonymousBy: by,
    sealed: control.mode === 'private' && !control.revealed,
    queued: poster.role !== 'facilitator' && step?.review === true,
    group: poster.role === 'facilitator' ? null : groupOf(control.groups, poster.participantId),
    round: step?.postTo === 'group-area' ? control.round : undefined,
    limit,
    left: limit === null ? null : limit - poster.postedInStep,
  };
}

/**
 * The step a note is counted in, for the per-person limit: its place in the script and its id,
 * so a step put at the same place by an edited script starts a new count. The server keys its
 * stored count by it and the phone its own, so the two count the same notes.
 */
export function postingStepKey(stepIndex: number, stepId: string): string {
  return `${stepIndex}:${stepId}`;
}
