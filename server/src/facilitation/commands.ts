import type { Command, StepInput } from '@tributary/shared/api';
import { enterStepFields, markRevealed, openVotingRound, publishTotals, setAnonymousByDefault, setFollow, setGroupChoice, setGroups as setControlGroups, setLanguage, setLocked, setPrompt, setRoomTitle, setScript, setSteps, setTimer, setVoting } from '@tributary/shared/control/mutations';
import { CLOSED_VOTING, DEFAULT_VOTE_BUDGET, IDLE_TIMER, controlMap, readControl, type ControlState, type TimerState } from '@tributary/shared/control/state';
import { MAX_STEPS, type Step } from '@tributary/shared/control/steps';
import { SERVER_ORIGIN } from '@tributary/shared/origins';
import { boardContentRight, createTemplateAreas, resolveTemplateMethod, resolveTemplateSteps } from '@tributary/shared/templates/apply';
import { getTemplate, areaDescriptionsProblem } from '@tributary/shared/templates/index';
import { localizeTemplate } from '@tributary/shared/templates/messages';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { readMethodStarts, setMethodStarts } from '@tributary/shared/control/methodStarts';
import type * as Y from 'yjs';
import { Errors } from '../errors.ts';
import { templateWords, translator } from '../i18n/translator.ts';
import { checkRoomLanguage } from '../i18n/roomLanguage.ts';
import type { Room } from '../sync/room.ts';
import { formGroups, nextRound, setGroups, setRound } from './groups.ts';

/** What a command may do beyond writing the control document. */
export interface CommandContext {
  room: Room;
  /** Server clock, epoch ms. */
  now: number;
  /**
   * Puts on the board the anonymous notes that may go (three people's, or agreed by their
   * writers). `asked`: the facilitator wants them out, so the writers of those that must still
   * wait are asked on their phones. Returns how many still wait.
   */
  releasePending(asked: boolean): Promise<number>;
  reveal(): Promise<number>;
  hide(noteId: string): Promise<void>;
  unhide(noteId: string): Promise<void>;
  voteTotals(round: number): Promise<Record<string, number>>;
  renameRoom(title: string): Promise<void>;
  /** Revokes the participant's token and closes their sockets, in every process. */
  removeParticipant(participantId: string): Promise<void>;
  /** Approves a note waiting in the facilitator's queue (null: every one); answers how many. */
  approveQueued(noteId: string | null): Promise<number>;
  /** "Don't show": a queued note never goes on the board. */
  rejectQueued(noteId: string): Promise<void>;
  /** Replaces one language's word filter list (plain words only). */
  setFilterWords(language: string, words: readonly string[]): Promise<void>;
  setFilterEnabled(enabled: boolean): Promise<void>;
}

const DEFAULT_TIMER_SECONDS = 300;

function toStep(input: StepInput, index: number): Step {
  const step: Step = {
    id: input.id ?? `step-${index + 1}`,
    title: input.title,
    prompt: input.prompt,
    mode: input.mode,
    timerSeconds: input.timerSeconds ?? null,
    whoMayPost: input.whoMayPost ?? (input.mode === 'discussion' || input.mode === 'voting' ? 'nobody' : 'everyone'),
  };
  if (input.areaId) step.areaId = input.areaId;
  if (input.maxNotesPerPerson) step.maxNotesPerPerson = input.maxNotesPerPerson;
  if (input.voteBudget) step.voteBudget = input.voteBudget;
  if (input.postTo) step.postTo = input.postTo;
  if (input.clientMayPost !== undefined) step.clientMayPost = input.clientMayPost;
  if (input.voteTarget) step.voteTarget = input.voteTarget;
  if (input.liveTotals !== undefined) step.liveTotals = input.liveTotals;
  if (input.prompts) step.prompts = [...input.prompts];
  if (input.arrange) step.arrange = true;
  if (input.review) step.review = true;
  if (input.postTo === 'pick-area') {
    // People pick among areas of a role: without the role there is nothing to pick from.
    if (!input.pickRole) throw new Errors.InvalidCommand({ command: 'steps.set', problem: `step ${index + 1} sends notes to a picked area (postTo "pick-area") but says not which kind (pickRole)` });
    step.pickRole = input.pickRole;
  }
  if (input.linkRole) step.linkRole = input.linkRole;
  if (input.voteRole) step.voteRole = input.voteRole;
  return step;
}

function idleTimer(step: Step): TimerState {
  const durationMs = (step.timerSeconds ?? 0) * 1000;
  return { ...IDLE_TIMER, durationMs, remainingMs: durationMs };
}

/** Writes the fields that entering step `index` sets. Pending anonymous notes go out first. */
async function enterStep(ctx: CommandContext, state: ControlState, index: number): Promise<void> {
  if (index < 0 || index >= state.steps.length) throw new Errors.NoSuchStep({ step: index + 1 });
  await ctx.releasePending(true);
  const step = state.steps[index]!;
  ctx.room.transactServer('control', (doc) => {
    enterStepFields(doc, index, step, idleTimer(step));
    const current = readControl(doc);
    if (step.mode === 'voting') {
      openVotingRound(doc, current, {
        budget: step.voteBudget ?? DEFAULT_VOTE_BUDGET,
        title: step.title,
        ...(step.voteTarget ? { target: step.voteTarget } : {}),
        ...(step.liveTotals ? { liveTotals: true } : {}),
        ...(step.voteRole ? { role: step.voteRole } : {}),
      });
    } else if (current.voting.open) {
      setVoting(doc, { ...current.voting, open: false });
    }
  });
}

/**
 * The room's default language, if one is set (`control.language`, written by the server when the
 * room is made or the facilitator changes it).
 */
function roomLanguage(control: ReturnType<Room['doc']>): string | undefined {
  const language = controlMap(control).get('language');
  return typeof language === 'string' ? language : undefined;
}

/**
 * Adds a built-in template by id (the `template.add` command), in the language asked for, else
 * the room's: see addMethod.
 */
async function addTemplate(
  ctx: CommandContext,
  state: ControlState,
  templateId: string,
  written: Readonly<Record<string, string>> = {},
  language?: string,
): Promise<void> {
  const english = getTemplate(templateId);
  if (!english) throw new Errors.UnknownTemplate({ template: templateId });
  // The board gets the template's words in the language asked for, else the room's (translator.ts).
  const template = localizeTemplate(english, templateWords(language ?? roomLanguage(ctx.room.doc('control'))));
  const problem = areaDescriptionsProblem(template, written);
  if (problem) throw new Errors.AreaDescriptions(problem);
  await addMethod(ctx, state, template, written);
}

/**
 * Adds a method (DESIGN.md section 8: methods are data; a built-in template or a facilitator's
 * own, already checked): its areas go on the board to the right of what is there, its steps
 * (areaKey resolved to the new area ids) into the script, its rules into `control.method` (a
 * rule it sets replaces the room's; the rest are kept). A room that still has the default script
 * gets the method's script instead and starts at its first step; otherwise the steps are
 * appended. Where it starts is kept in `control.methodStarts`, for the facilitator's script.
 */
export async function addMethod(ctx: CommandContext, state: ControlState, template: TemplateDefinition, written: Readonly<Record<string, string>> = {}): Promise<void> {
  const fresh = !controlMap(ctx.room.doc('control')).has('steps');
  const kept = fresh ? [] : state.steps;
  if (kept.length + template.steps.length > MAX_STEPS) throw new Errors.TooManySteps({ max: MAX_STEPS });
  let areaIds: Record<string, string> = {};
  ctx.room.transactServer('board', (doc) => {
    areaIds = createTemplateAreas(doc, template, boardContentRight(doc), SERVER_ORIGIN, written);
  });
  const taken = new Set(kept.map((s) => s.id));
  const added = resolveTemplateSteps(template, areaIds).map((input, i) => {
    const step = toStep(input, kept.length + i);
    let id = step.id;
    for (let n = 2; taken.has(id); n++) id = `${step.id}-${n}`;
    taken.add(id);
    return { ...step, id };
  });
  const method = { ...state.method, ...resolveTemplateMethod(template, areaIds) };
  const starts = fresh ? [] : readMethodStarts(ctx.room.doc('control'));
  ctx.room.transactServer('control', (doc) => {
    setScript(doc, [...kept, ...added], method);
    if (added[0]) setMethodStarts(doc, [...starts, { stepId: added[0].id, title: template.title }]);
  });
  if (fresh) await enterStep(ctx, readControl(ctx.room.doc('control')), 0);
}

/**
 * Applies one facilitator command to the room (DESIGN.md section 2: only the server writes
 * `control`). Returns a plain-language warning when the facilitator should know something.
 */
export async function applyControlCommand(command: Command, ctx: CommandContext): Promise<string | undefined> {
  const { room, now } = ctx;
  const state = readControl(room.doc('control'));
  const write = (fn: (doc: Y.Doc) => void) => room.transactServer('control', fn);

  switch (command.type) {
    case 'step.goto':
      await enterStep(ctx, state, command.index);
      return;
    case 'step.next':
      await enterStep(ctx, state, Math.min(state.stepIndex + 1, state.steps.length - 1));
      return;
    case 'step.previous':
      await enterStep(ctx, state, Math.max(state.stepIndex - 1, 0));
      return;
    case 'steps.set': {
      const steps = command.steps.map(toStep);
      const current = state.steps[state.stepIndex]!;
      const kept = steps.findIndex((s) => s.id === current.id);
      const explicit = command.index !== undefined && command.index !== kept;
      if (kept >= 0 && !explicit) {
        // Editing the script around the current step (adding, removing or moving others) must not
        // restart it: the timer, the reveal and a voting round carry on.
        write((doc) => setSteps(doc, steps, { index: kept, was: current }));
        return;
      }
      write((doc) => setSteps(doc, steps));
      const index = Math.min(command.index ?? state.stepIndex, steps.length - 1);
      await enterStep(ctx, readControl(room.doc('control')), index);
      return;
    }
    case 'step.update': {
      const existing = state.steps[command.index];
      if (!existing) throw new Errors.NoSuchStep({ step: command.index + 1 });
      const updated: Step = { ...existing };
      if (command.title !== undefined) updated.title = command.title;
      if (command.prompt !== undefined) updated.prompt = command.prompt;
      if (command.mode !== undefined) updated.mode = command.mode;
      if (command.timerSeconds !== undefined) updated.timerSeconds = command.timerSeconds;
      if (command.prompts !== undefined) updated.prompts = [...command.prompts];
      if (command.review === true) updated.review = true;
      if (command.review === false) delete updated.review;
      const steps = state.steps.map((s, i) => (i === command.index ? updated : s));
      write((doc) => {
        setSteps(doc, steps);
        if (command.index === state.stepIndex && command.prompt !== undefined) setPrompt(doc, command.prompt);
      });
      return;
    }
    case 'prompt.set':
      write((doc) => setPrompt(doc, command.prompt.trim()));
      return;
    case 'room.rename':
      write((doc) => setRoomTitle(doc, command.title.trim()));
      await ctx.renameRoom(command.title.trim());
      return;
    case 'room.anonymousByDefault':
      write((doc) => setAnonymousByDefault(doc, command.enabled));
      return;
    case 'room.language': {
      const language = command.language === null ? null : checkRoomLanguage(command.language);
      write((doc) => setLanguage(doc, language));
      return;
    }

    case 'timer.start': {
      const timer = state.timer;
      if (command.seconds === undefined && timer.status === 'paused') {
        write((doc) => setTimer(doc, { ...timer, status: 'running', endsAt: now + timer.remainingMs }));
        return;
      }
      if (command.seconds === undefined && timer.status === 'running') return;
      const seconds = command.seconds ?? (timer.durationMs > 0 ? timer.durationMs / 1000 : (state.steps[state.stepIndex]!.timerSeconds ?? DEFAULT_TIMER_SECONDS));
      const durationMs = seconds * 1000;
      write((doc) => setTimer(doc, { status: 'running', durationMs, endsAt: now + durationMs, remainingMs: durationMs }));
      return;
    }
    case 'timer.pause': {
      const timer = state.timer;
      if (timer.status !== 'running' || timer.endsAt === null) return;
      write((doc) => setTimer(doc, { ...timer, status: 'paused', endsAt: null, remainingMs: Math.max(0, timer.endsAt! - now) }));
      return;
    }
    case 'timer.reset': {
      const durationMs = state.timer.durationMs;
      write((doc) => setTimer(doc, { ...IDLE_TIMER, durationMs, remainingMs: durationMs }));
      return;
    }
    case 'timer.add': {
      const addMs = (command.seconds ?? 60) * 1000;
      const timer = state.timer;
      const next: TimerState =
        timer.status === 'running' && timer.endsAt !== null
          ? { ...timer, endsAt: Math.max(now, timer.endsAt + addMs), durationMs: Math.max(0, timer.durationMs + addMs) }
          : { ...timer, remainingMs: Math.max(0, timer.remainingMs + addMs), durationMs: Math.max(0, timer.durationMs + addMs) };
      write((doc) => setTimer(doc, next));
      return;
    }

    case 'reveal':
      await ctx.reveal();
      write((doc) => markRevealed(doc));
      return;
    case 'anonymous.release': {
      const waiting = await ctx.releasePending(true);
      if (waiting > 0) {
        // English, worded in the catalog: the server does not know the facilitator's language.
        return translator()('facilitator.warnAnonymousWaiting', { count: waiting });
      }
      return;
    }

    case 'voting.open':
      write((doc) =>
        openVotingRound(doc, state, {
          budget: command.budget,
          title: command.title ?? state.steps[state.stepIndex]!.title,
          ...(command.target ? { target: command.target } : {}),
          ...(command.liveTotals ? { liveTotals: true } : {}),
        }),
      );
      return;
    case 'voting.close': {
      const totals = command.showTotals ? await ctx.voteTotals(state.voting.round) : state.voting.totals;
      write((doc) => publishTotals(doc, state, { ...CLOSED_VOTING, ...state.voting, open: false, totals }));
      return;
    }
    case 'voting.showTotals': {
      const totals = await ctx.voteTotals(state.voting.round);
      write((doc) => publishTotals(doc, state, { ...state.voting, totals }));
      return;
    }

    case 'board.lock':
      write((doc) => setLocked(doc, true));
      return;
    case 'board.unlock':
      // Writes sent during the lock were refused, not held: nothing waits to be applied now.
      write((doc) => setLocked(doc, false));
      return;

    case 'note.hide':
      await ctx.hide(command.noteId);
      return;
    case 'note.unhide':
      await ctx.unhide(command.noteId);
      return;

    case 'queue.approve':
      await ctx.approveQueued(command.noteId);
      return;
    case 'queue.approveAll':
      await ctx.approveQueued(null);
      return;
    case 'queue.reject':
      await ctx.rejectQueued(command.noteId);
      return;
    case 'filter.set':
      await ctx.setFilterWords(command.language, command.words);
      return;
    case 'filter.enabled':
      await ctx.setFilterEnabled(command.enabled);
      return;

    case 'follow.start':
      write((doc) => setFollow(doc, { active: true, invitation: state.follow.invitation + 1 }));
      return;
    case 'follow.stop':
      write((doc) => setFollow(doc, { ...state.follow, active: false }));
      return;

    case 'template.add':
      await addTemplate(ctx, state, command.templateId, command.areaDescriptions, command.language === undefined ? undefined : checkRoomLanguage(command.language));
      return;
    case 'groups.form':
      formGroups(room, state, command);
      return;
    case 'groups.set':
      setGroups(room, state, command.groups);
      return;
    case 'groups.allowChoice':
      write((doc) => setGroupChoice(doc, command.enabled));
      return;
    case 'round.next':
      nextRound(room, state, command.startOver === true);
      if (command.goto !== undefined) await enterStep(ctx, readControl(room.doc('control')), command.goto);
      return;
    case 'round.set':
      setRound(room, state, command.round);
      return;

    case 'participant.remove':
      await ctx.removeParticipant(command.participantId);
      // Out of their group too, so nobody waits for them at a table or takes them as the client.
      if (state.groups.some((g) => g.members.includes(command.participantId))) {
        const groups = state.groups.map((g) => ({
          ...g,
          members: g.members.filter((m) => m !== command.participantId),
          client: g.client === command.participantId ? null : g.client,
        }));
        write((doc) => setControlGroups(doc, groups));
      }
      return;
  }
}
