import type * as Y from 'yjs';
import { SERVER_ORIGIN } from '../origins.ts';
import type { AreaRole } from '../board/records.ts';
import { withMarkerTotals, type Group, type MethodRules } from './groups.ts';
import { controlMap, type ControlState, type FollowState, type TimerState, type VotingState } from './state.ts';
import type { Step } from './steps.ts';

/**
 * Named mutations of the `control` document, as shared/src/board/mutations.ts is for the board.
 * Only the server writes control (DESIGN.md section 2), so the origin defaults to the server's.
 * Each is one transaction; called inside the server's `room.transactServer('control', …)`, it
 * joins that transaction, so readers never see half a change.
 */

function write(doc: Y.Doc, origin: unknown, fn: (map: Y.Map<unknown>) => void): void {
  doc.transact(() => fn(controlMap(doc)), origin);
}

/** A new room's first control fields: its title, the opening prompt, unlocked, its language if one was asked for. */
export function startRoomControl(doc: Y.Doc, fields: { title: string; prompt: string; language?: string | null | undefined }, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('title', fields.title);
    map.set('prompt', fields.prompt);
    map.set('locked', false);
    if (fields.language) map.set('language', fields.language);
  });
}

/**
 * Enters step `index` of the script: its prompt and area, no reveal yet, its timer idle. The
 * voting round that goes with it is opened or closed by the caller (openVotingRound, setVoting).
 */
export function enterStepFields(doc: Y.Doc, index: number, step: Step, timer: TimerState, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('stepIndex', index);
    map.set('prompt', step.prompt);
    map.set('areaId', step.areaId ?? null);
    map.set('revealed', false);
    map.set('timer', timer);
  });
}

/**
 * Replaces the script. With `current`, the step at that index stays the current one and
 * carries on (its timer, reveal and voting round): only its prompt and area follow its edit.
 */
export function setSteps(doc: Y.Doc, steps: readonly Step[], current?: { index: number; was: Pick<Step, 'prompt' | 'areaId'> }, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('steps', steps);
    if (!current) return;
    const step = steps[current.index]!;
    map.set('stepIndex', current.index);
    if (step.prompt !== current.was.prompt) map.set('prompt', step.prompt);
    if ((step.areaId ?? null) !== (current.was.areaId ?? null)) map.set('areaId', step.areaId ?? null);
  });
}

/** The script and the method's rules, as a template brings them. */
export function setScript(doc: Y.Doc, steps: readonly Step[], method: MethodRules, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('steps', steps);
    map.set('method', method);
  });
}

export function setPrompt(doc: Y.Doc, prompt: string, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('prompt', prompt));
}

export function setRoomTitle(doc: Y.Doc, title: string, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('title', title));
}

export function setAnonymousByDefault(doc: Y.Doc, enabled: boolean, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('anonymousByDefault', enabled));
}

/** The room's language (null: none set, each phone follows its own). */
export function setLanguage(doc: Y.Doc, language: string | null, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('language', language));
}

export function setTimer(doc: Y.Doc, timer: TimerState, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('timer', timer));
}

/** Private writing is revealed (the sealed notes went on the board). */
export function markRevealed(doc: Y.Doc, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('revealed', true));
}

/** Locks or unlocks the board and posting. */
export function setLocked(doc: Y.Doc, locked: boolean, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('locked', locked));
}

export function setFollow(doc: Y.Doc, follow: FollowState, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('follow', follow));
}

export function setGroupChoice(doc: Y.Doc, enabled: boolean, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('groupChoice', enabled));
}

/** The groups, and (when given) the round they are arranged for. */
export function setGroups(doc: Y.Doc, groups: readonly Group[], round?: number, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('groups', groups);
    if (round !== undefined) map.set('round', round);
  });
}

/** The voting state as it is (closing a round, or a round's new totals: see publishTotals). */
export function setVoting(doc: Y.Doc, voting: VotingState, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('voting', voting));
}

/**
 * A new voting round. With `liveTotals` the totals start published (empty) and stay up to date;
 * a round whose targets are areas (markers) is remembered, so the export can count each one.
 */
export function openVotingRound(
  doc: Y.Doc,
  state: Pick<ControlState, 'voting' | 'markerRounds'>,
  opts: { budget: number; target?: 'notes' | 'areas'; liveTotals?: boolean; title: string; role?: AreaRole },
  origin: unknown = SERVER_ORIGIN,
): void {
  const round = state.voting.round + 1;
  const target = opts.target ?? 'notes';
  write(doc, origin, (map) => {
    map.set('voting', {
      open: true,
      budget: opts.budget,
      round,
      totals: opts.liveTotals ? {} : null,
      target,
      liveTotals: opts.liveTotals === true,
      ...(opts.role ? { role: opts.role } : {}),
    });
    if (target === 'areas') map.set('markerRounds', [...state.markerRounds, { round, title: opts.title }]);
  });
}

/**
 * Publishes a round's totals (or keeps them up to date while it is open): on `voting`, and, for
 * a marker round, kept with the round too, so it can still be shown once the next round opens.
 */
export function publishTotals(doc: Y.Doc, state: Pick<ControlState, 'markerRounds'>, voting: VotingState, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => {
    map.set('voting', voting);
    const rounds = withMarkerTotals(state.markerRounds, voting.round, voting.totals);
    if (rounds !== state.markerRounds) map.set('markerRounds', rounds);
  });
}

/** The facilitator asked to release anonymous notes that must still wait: their writers' phones offer "show it anyway". */
export function askAnonymousRelease(doc: Y.Doc, origin: unknown = SERVER_ORIGIN): void {
  write(doc, origin, (map) => map.set('anonymousReleaseAsked', true));
}

/** What the server holds back from the board, in numbers only, and whether the release ask still stands. */
export function setHeldCounts(
  doc: Y.Doc,
  counts: { pending: number; sealed: number; hidden: number; releaseAsked: boolean },
  origin: unknown = SERVER_ORIGIN,
): void {
  write(doc, origin, (map) => {
    map.set('pendingAnonymous', counts.pending);
    if ((map.get('anonymousReleaseAsked') === true) !== counts.releaseAsked) map.set('anonymousReleaseAsked', counts.releaseAsked);
    map.set('sealedCount', counts.sealed);
    map.set('hiddenCount', counts.hidden);
    // The queue's size left the control document (it told the room when a note was held); a
    // stored document from before may still carry it: dropped with a write that happens anyway.
    if (map.has('queuedCount')) map.delete('queuedCount');
  });
}
