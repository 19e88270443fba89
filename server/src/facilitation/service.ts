import type { ChooseGroupReply, Command, OwnNoteReply, PatchNoteBody, PostNoteBody, PostNoteReply, VoteBody, VoteReply, VotesReply } from '@tributary/shared/api';
import { startRoomControl } from '@tributary/shared/control/mutations';
import { readControl, type ControlState } from '@tributary/shared/control/state';
import { Errors } from '../errors.ts';
import type { Storage, TokenRecord } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import type { SyncServer } from '../sync/syncServer.ts';
import { addMethod, applyControlCommand, type CommandContext } from './commands.ts';
import { methodFromRoom } from '@tributary/shared/templates/fromRoom';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { buildExport, type BoardExport, type MarkerTotals } from '../export/boardExport.ts';
import { chooseGroup } from './groups.ts';
import { groupAreasUnsafeReason } from './anonymousPlace.ts';
import { translator } from '../i18n/translator.ts';
import { KeyedMutex } from '../keyedMutex.ts';
import { DEFAULT_BOARD_WRITE_LIMITS, type BoardWriteLimits } from '../policy/boardWrites.ts';
import { IdempotentReplies, type ResendKey } from './idempotentReplies.ts';
import { Moderation } from './moderation.ts';
import { Notes } from './notes.ts';
import { Queue } from './queue.ts';
import { Votes } from './votes.ts';
import { WordFilters } from './wordFilters.ts';

/** Commands after which the groups or the step may send anonymous notes somewhere new. */
const PLACE_CHANGING_COMMANDS: ReadonlySet<Command['type']> = new Set([
  'step.goto',
  'step.next',
  'step.previous',
  'steps.set',
  'step.update',
  'template.add',
  'groups.form',
  'groups.set',
  'round.next',
  'round.set',
  'room.anonymousByDefault',
]);

export interface CommandResult {
  control: ControlState;
  warning?: string;
}

/**
 * The facilitation engine's server-held actions, behind one API for the routes: notes posted
 * through the API (notes.ts), votes (votes.ts), moderation (moderation.ts) and facilitator
 * commands (commands.ts). All actions on one room run one at a time, under the room's lock.
 */
export class Facilitation {
  private readonly mutex = new KeyedMutex();

  /** Answers to resent notes (Idempotency-Key), in storage so every process sees them. */
  private readonly replies: IdempotentReplies<PostNoteReply>;

  private readonly notes: Notes;
  private readonly votesOf: Votes;
  private readonly moderation: Moderation;
  private readonly queue: Queue;

  constructor(
    private readonly sync: SyncServer,
    private readonly storage: Storage,
    /** The board's per-person caps (the same as for writes straight onto the board). */
    limits: BoardWriteLimits = DEFAULT_BOARD_WRITE_LIMITS,
    /** The rooms' word filters (shared with the board-write check, which keeps a copy of each). */
    private readonly filters: WordFilters = new WordFilters(storage),
  ) {
    this.replies = new IdempotentReplies(storage);
    this.notes = new Notes(storage, limits, filters);
    this.votesOf = new Votes(storage);
    this.moderation = new Moderation(storage, this.notes);
    this.queue = new Queue(storage, this.notes);
  }

  /**
   * Runs an action alone on its room: one at a time in this process (the mutex), and across
   * processes sharing storage (the storage's room lock). With other processes, the documents are
   * first brought up to date from storage, so the action sees their last change; the change it
   * makes is stored before the lock is let go.
   */
  private inRoom<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    return this.mutex.run(roomId, () =>
      this.storage.withRoomLock(roomId, () =>
        this.sync.withRoomAsync(roomId, async (room) => {
          await room.catchUp();
          return fn(room);
        }),
      ),
    );
  }

  /** A new room's first control fields, written under the room's lock like every other control change. */
  startRoom(roomId: string, fields: { title: string; prompt: string; language?: string | null | undefined }): Promise<void> {
    return this.inRoom(roomId, async (room) => {
      room.transactServer('control', (doc) => startRoomControl(doc, fields));
    });
  }

  /** What commands may do in `room` beyond writing its control document. */
  private commandContext(roomId: string, room: Room): CommandContext {
    return {
      room,
      now: Date.now(),
      releasePending: async (asked) => (await this.notes.releasePending(room, asked)).waiting,
      reveal: () => this.notes.reveal(room),
      hide: (noteId) => this.moderation.hide(room, noteId),
      unhide: (noteId) => this.moderation.unhide(room, noteId),
      voteTotals: (round) => this.storage.voteTotals(roomId, round),
      renameRoom: (title) => this.storage.renameRoom(roomId, title),
      removeParticipant: (participantId) => this.moderation.removeParticipant(room, participantId),
      approveQueued: (noteId) => this.queue.approve(room, noteId),
      rejectQueued: (noteId) => this.queue.reject(room, noteId),
      setFilterWords: (language, words) => this.filters.setWords(roomId, language, words),
      setFilterEnabled: (enabled) => this.filters.setEnabled(roomId, enabled),
    };
  }

  /**
   * Puts methods (already checked: parseTemplate, or built-in) into a new room one after the
   * other, as `template.add` would one by one: each one's areas to the right of the last.
   */
  addMethods(roomId: string, methods: readonly TemplateDefinition[]): Promise<void> {
    return this.inRoom(roomId, async (room) => {
      const ctx = this.commandContext(roomId, room);
      for (const method of methods) await addMethod(ctx, readControl(room.doc('control')), method);
    });
  }

  /** The room as a method (fromRoom.ts), read under the room's lock like every other action. */
  methodFromRoom(roomId: string, title: string): Promise<TemplateDefinition> {
    return this.inRoom(roomId, async (room) => methodFromRoom(room.doc('board'), room.doc('control'), title));
  }

  command(roomId: string, command: Command): Promise<CommandResult> {
    return this.inRoom(roomId, async (room) => {
      const commandWarning = await applyControlCommand(command, this.commandContext(roomId, room));
      await this.notes.refreshCounts(room);
      const control = readControl(room.doc('control'));
      const placeWarning = PLACE_CHANGING_COMMANDS.has(command.type) ? this.groupAreaWarning(room, control) : null;
      const warning = [commandWarning, placeWarning].filter(Boolean).join(' ');
      return warning ? { control, warning } : { control };
    });
  }

  /**
   * Posts a note. `bearer` is the raw token of the request: a pending note's author tag is
   * derived from it (see authorTag). With `resend` (the request's Idempotency-Key), a request seen
   * before gets its first answer back instead of a second note: looked up and remembered under
   * the room lock, so copies arriving at several processes at once still post once.
   */
  postNote(roomId: string, token: TokenRecord, body: PostNoteBody, bearer: string, resend?: ResendKey): Promise<PostNoteReply> {
    return this.inRoom(roomId, async (room) => {
      const earlier = resend ? await this.replies.find(resend) : null;
      if (earlier) return earlier;
      const reply = await this.notes.placeNote(room, token, body, bearer);
      // A failed post is not remembered: the same key may be tried again.
      if (resend) await this.replies.remember(resend, reply);
      return reply;
    });
  }

  editNote(roomId: string, noteId: string, editKey: string, patch: PatchNoteBody): Promise<OwnNoteReply> {
    return this.inRoom(roomId, (room) => this.notes.editNote(room, noteId, editKey, patch));
  }

  /** The author takes their note back: it leaves the board and the stored log. */
  withdrawNote(roomId: string, noteId: string, editKey: string): Promise<void> {
    return this.inRoom(roomId, (room) => this.notes.withdrawNote(room, noteId, editKey));
  }

  readOwnNote(roomId: string, noteId: string, editKey: string): Promise<OwnNoteReply> {
    return this.inRoom(roomId, (room) => this.notes.readOwnNote(room, noteId, editKey));
  }

  /** The writer of a pending anonymous note lets it go out in a smaller batch (notes.ts). */
  showAnyway(roomId: string, noteId: string, editKey: string): Promise<OwnNoteReply> {
    return this.inRoom(roomId, (room) => this.notes.showAnyway(room, noteId, editKey));
  }

  /**
   * The board's content for the facilitator to take away, with the vote totals of the latest
   * round on notes, and the count of markers on each area for every marker round.
   */
  exportBoard(roomId: string): Promise<BoardExport> {
    return this.inRoom(roomId, async (room) => {
      const { voting, markerRounds } = readControl(room.doc('control'));
      const markerSet = new Set(markerRounds.map((r) => r.round));
      let noteRound = voting.round;
      while (noteRound > 0 && markerSet.has(noteRound)) noteRound--;
      const totals = noteRound > 0 ? await this.storage.voteTotals(roomId, noteRound) : {};
      const markers: MarkerTotals[] = [];
      for (const r of markerRounds) markers.push({ ...r, totals: await this.storage.voteTotals(roomId, r.round) });
      return buildExport(roomId, room.doc('board'), room.doc('control'), totals, new Date(), markers);
    });
  }

  /** A participant picks a group (only while the facilitator allows it). */
  chooseGroup(roomId: string, token: TokenRecord, groupId: string): Promise<ChooseGroupReply> {
    return this.inRoom(roomId, async (room) => {
      if (token.role !== 'participant' || !token.participantId) throw new Errors.ParticipantsOnly();
      const group = chooseGroup(room, token.participantId, groupId);
      return { groupId: group.id, label: group.label, areaId: group.areaId };
    });
  }

  /** The notes waiting for the facilitator, without their authors (queue.ts). */
  queuedNotes(roomId: string) {
    return this.inRoom(roomId, (room) => this.queue.list(room));
  }

  /** The room's word filter, for the facilitator's settings. */
  wordFilter(roomId: string) {
    return this.filters.describe(roomId);
  }

  hiddenNotes(roomId: string) {
    return this.inRoom(roomId, (room) => this.moderation.hiddenNotes(room));
  }

  /** `bearer` is the raw token of the request: the ballot key is derived from it (votes.ts). */
  vote(roomId: string, bearer: string, body: VoteBody): Promise<VoteReply> {
    return this.inRoom(roomId, (room) => this.votesOf.vote(room, bearer, body));
  }

  votes(roomId: string, bearer: string): Promise<VotesReply> {
    return this.inRoom(roomId, (room) => this.votesOf.votes(room, bearer));
  }

  /**
   * Tells the facilitator, in plain words, when an anonymous step cannot use group areas, so
   * they know why notes land in the shared area (see anonymousPlace.ts).
   */
  private groupAreaWarning(room: Room, control: ControlState): string | null {
    const step = control.steps[control.stepIndex]!;
    if (step.postTo !== 'group-area' || (control.mode !== 'anonymous' && !control.anonymousByDefault)) return null;
    const unsafe = groupAreasUnsafeReason({ groups: control.groups, present: room.connectedParticipants() });
    if (!unsafe) return null;
    // The facilitator's warnings are English, worded in the catalog (the server does not know their language).
    const say = translator();
    const reason = say(unsafe.reason === 'smallGroups' ? 'facilitator.warnReasonSmallGroups' : 'facilitator.warnReasonAlone', { count: unsafe.count });
    return say('facilitator.warnGroupAreas', { reason });
  }
}
