import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import {
  ANONYMOUS_BATCH_SIZE,
  NOTE_ID_PREFIX,
  SERVER_ORIGIN,
  controlMap,
  createId,
  createNote,
  deleteNotes,
  findFreeSpots,
  findLooseSpots,
  getNote,
  listAreas,
  listNotes,
  moveNotes,
  noteFields,
  notesMap,
  planAreaGrowth,
  postingDecision,
  readControl,
  sanitizeAuthorName,
  setAreaRect,
  setNoteText,
  type ChooseGroupReply,
  type Command,
  type ControlState,
  type PatchNoteBody,
  type NoteFields,
  type PostNoteBody,
  type PostNoteReply,
  type PostingRefusal,
  type OwnNoteReply,
  type VoteBody,
  type VoteReply,
  type VotesReply,
} from '@tributary/shared';
import { createToken, hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import type { HeldNote, Storage, TokenRecord } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import type { SyncServer } from '../sync/syncServer.ts';
import { applyControlCommand, publishTotals as publishVotingTotals } from './commands.ts';
import { buildExport, type BoardExport, type MarkerTotals } from '../export/boardExport.ts';
import { chooseGroup } from './groups.ts';
import { anonymousArea, groupAreasUnsafeReason, placeView } from './anonymousPlace.ts';
import { translator } from '../i18n/translator.ts';
import { placeForPost, placeValues } from './notePlace.ts';
import { KeyedMutex } from '../keyedMutex.ts';
import { DEFAULT_BOARD_WRITE_LIMITS, personCapRefusal, type BoardWriteLimits } from '../policy/boardWrites.ts';
import { IdempotentReplies, type ResendKey } from './idempotentReplies.ts';
import { shuffle } from './shuffle.ts';

/**
 * Ballots are keyed by a hash of the person's raw bearer token and the round. The database
 * keeps only a different hash of each token (and no raw token), so whoever reads it can count
 * totals and nothing more: a key cannot be recomputed from anything stored, so no ballot leads
 * back to a participant. The same token always gives the same key, so budgets survive restarts.
 */
function voterKey(roomId: string, round: number, bearer: string): string {
  return createHash('sha256').update(`ballot:${roomId}:${round}:${bearer}`).digest('base64url');
}

/**
 * The tag a pending anonymous note carries so that batches count different people, not notes.
 * Built like voterKey, from the raw bearer token, which is never stored: from the database one
 * can tell only that two waiting notes share a writer, never who that is. It is the same in
 * every step of the room, so a note left waiting from an earlier step and its writer's new notes
 * count as one person. It leaves storage with the note when the note is released.
 */
function authorTag(roomId: string, bearer: string): string {
  return createHash('sha256').update(`pending-author:${roomId}:${bearer}`).digest('base64url');
}

/**
 * Whose notes a step's count is of (Storage.countPost). Built like authorTag from the raw bearer
 * token, which is never stored, so no row of the count joins to a token or a participant.
 */
function posterKey(roomId: string, bearer: string): string {
  return createHash('sha256').update(`poster:${roomId}:${bearer}`).digest('base64url');
}

/** The server's error for a refusal of the posting rule. */
function refusalError(refusal: PostingRefusal): Error {
  return refusal.kind === 'paused' ? new Errors.PostingPaused({ reason: refusal.reason }) : new Errors.NoteLimitReached({ count: refusal.count });
}

/** How many different people wrote these pending notes (a note without a tag counts as one unknown writer). */
function distinctWriters(notes: readonly HeldNote[]): number {
  return new Set(notes.map((n) => n.data.authorTag ?? '')).size;
}

/** How many more people's notes a batch still needs. */
function writersStillNeeded(pending: readonly HeldNote[]): number {
  return Math.max(0, ANONYMOUS_BATCH_SIZE - distinctWriters(pending));
}

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

/** What a release did: the notes that went on the board, and how many still wait. */
interface Released {
  noteIds: string[];
  waiting: number;
}

/**
 * Moderation acts on notes people can see. A sealed note (private writing, before the reveal)
 * or a pending anonymous one (waiting for its batch) is not out yet: hiding it would show its
 * words to the facilitator early, and unhiding would put it on the board alone, before the
 * reveal or outside its batch (whose size is what keeps its author unknown).
 */
function refuseBeforeItIsOut(held: HeldNote): void {
  if (held.state === 'sealed') {
    throw new Errors.NoteNotOnBoardYet({ reason: 'sealed' });
  }
  if (held.state === 'pending') {
    throw new Errors.NoteNotOnBoardYet({ reason: 'waiting' });
  }
}

export interface CommandResult {
  control: ControlState;
  warning?: string;
}

/**
 * The facilitation engine's server-held actions: notes posted through the API (sealed,
 * pending anonymous, or straight onto the board), reveal, anonymous release, moderation,
 * votes, and facilitator commands. All actions on one room run one at a time.
 *
 * Anonymity (DESIGN.md section 3): an anonymous note is never written by its author's Y.Doc;
 * the server inserts it with the room document's own client id. Nothing stored says who wrote
 * it; only the hash of its edit key links it to the device that holds the key.
 */
export class Facilitation {
  private readonly mutex = new KeyedMutex();

  /** Answers to resent notes (Idempotency-Key), in storage so every process sees them. */
  private readonly replies: IdempotentReplies<PostNoteReply>;

  constructor(
    private readonly sync: SyncServer,
    private readonly storage: Storage,
    /** The board's per-person caps (the same as for writes straight onto the board). */
    private readonly limits: BoardWriteLimits = DEFAULT_BOARD_WRITE_LIMITS,
  ) {
    this.replies = new IdempotentReplies(storage);
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

  command(roomId: string, command: Command): Promise<CommandResult> {
    return this.inRoom(roomId, async (room) => {
      const commandWarning = await applyControlCommand(command, {
        room,
        now: Date.now(),
        releasePending: async (asked) => (await this.releasePending(room, asked)).waiting,
        reveal: () => this.reveal(room),
        hide: (noteId) => this.hide(room, noteId),
        unhide: (noteId) => this.unhide(room, noteId),
        voteTotals: (round) => this.storage.voteTotals(roomId, round),
        renameRoom: (title) => this.storage.renameRoom(roomId, title),
        removeParticipant: (participantId) => this.removeParticipant(room, participantId),
      });
      await this.refreshCounts(room);
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
      const reply = await this.placeNote(room, token, body, bearer);
      // A failed post is not remembered: the same key may be tried again.
      if (resend) await this.replies.remember(resend, reply);
      return reply;
    });
  }

  private async placeNote(room: Room, token: TokenRecord, body: PostNoteBody, bearer: string): Promise<PostNoteReply> {
    const roomId = room.id;
    const control = readControl(room.doc('control'));
    const step = control.steps[control.stepIndex]!;
    const stepKey = String(control.stepIndex);
    const poster = posterKey(roomId, bearer);
    const decision = postingDecision(control, {
      role: token.role,
      participantId: token.participantId,
      postedInStep: await this.storage.postCount(roomId, stepKey, poster),
      asksAnonymous: body.anonymous,
    });
    if (!decision.allowed) throw refusalError(decision);
    const { anonymous, group } = decision;
    // The board's caps hold for notes the server inserts as for notes written straight onto it.
    if (room.wouldOverflow('board', body.text.length * 3 + 256)) throw new Errors.BoardFull();
    // Anonymous notes carry no id to count by; the per-person rate limit and the room's cap hold them.
    const capped = token.participantId && !anonymous ? personCapRefusal(room.doc('board'), token.participantId, { notes: 1, text: body.text.length }, this.limits) : null;
    if (capped) throw new Errors.PersonCapReached({ reason: capped === 'too-much-text' ? 'tooMuchText' : 'tooManyNotes' });

    const board = room.doc('board');
    const place = placeForPost({
      step,
      stepAreaId: control.areaId,
      group,
      body,
      areas: listAreas(board),
      notes: new Map(listNotes(board).map((n) => [n.id, n])),
    });
    const present = token.participantId ? [...room.connectedParticipants(), token.participantId] : room.connectedParticipants();
    const data: HeldNote['data'] = {
      text: body.text,
      color: body.color ?? 'yellow',
      areaId: anonymous ? anonymousArea(place.areaId, placeView(control, present, step.postTo === 'group-area')) : place.areaId,
      anonymous,
    };
    if (place.replyTo) data.replyTo = place.replyTo;
    if (decision.round !== undefined) data.round = decision.round;
    if (!anonymous) {
      const name = sanitizeAuthorName(token.name);
      if (name) data.authorName = name;
      if (token.participantId) data.authorId = token.participantId;
    }
    // Counted under the room lock, so the count read above is still the one this fills.
    if ((await this.storage.countPost(roomId, stepKey, poster, decision.limit)) === null) throw new Errors.NoteLimitReached({ count: decision.limit! });

    const noteId = createId(NOTE_ID_PREFIX);
    const editKey = createToken();
    const editKeyHash = hashToken(editKey);

    if (decision.sealed) {
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'sealed', stepIndex: control.stepIndex, data, editKeyHash });
      await this.refreshCounts(room);
      return { noteId, editKey, status: 'sealed' };
    }
    if (anonymous) {
      data.authorTag = authorTag(roomId, bearer);
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'pending', stepIndex: control.stepIndex, data, editKeyHash });
      const released = await this.releasePending(room, false);
      await this.refreshCounts(room);
      if (released.noteIds.includes(noteId)) return { noteId, editKey, status: 'visible' };
      const pending = await this.storage.listHeldNotes(roomId, 'pending');
      return { noteId, editKey, status: 'pending', waitingFor: writersStillNeeded(pending) };
    }
    this.insertNotes(room, [{ id: noteId, data }]);
    await this.storage.setNoteKey(roomId, noteId, editKeyHash);
    return { noteId, editKey, status: 'visible' };
  }

  editNote(roomId: string, noteId: string, editKey: string, patch: PatchNoteBody): Promise<OwnNoteReply> {
    return this.inRoom(roomId, async (room) => {
      const held = await this.storage.getHeldNote(roomId, noteId);
      if (held) {
        this.checkKey(held.editKeyHash, editKey);
        if (patch.text !== undefined) held.data.text = patch.text;
        await this.storage.putHeldNote(held);
        return { noteId, text: held.data.text, status: held.state === 'hidden' ? 'hidden' : held.state };
      }
      this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
      const board = room.doc('board');
      if (!getNote(board, noteId)) throw new Errors.NoteNotFound();
      if (patch.text !== undefined) setNoteText(board, noteId, patch.text, SERVER_ORIGIN);
      return { noteId, text: getNote(board, noteId)!.text, status: 'visible' };
    });
  }

  /** The author takes their note back: it leaves the board and the stored log. */
  withdrawNote(roomId: string, noteId: string, editKey: string): Promise<void> {
    return this.inRoom(roomId, async (room) => {
      const held = await this.storage.getHeldNote(roomId, noteId);
      if (held) {
        this.checkKey(held.editKeyHash, editKey);
        await this.storage.deleteHeldNotes(roomId, [noteId]);
        await this.refreshCounts(room);
        return;
      }
      this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
      const board = room.doc('board');
      if (!getNote(board, noteId)) throw new Errors.NoteNotFound();
      deleteNotes(board, [noteId], SERVER_ORIGIN);
      await room.compactNow('board');
    });
  }

  readOwnNote(roomId: string, noteId: string, editKey: string): Promise<OwnNoteReply> {
    return this.inRoom(roomId, async (room) => {
      const held = await this.storage.getHeldNote(roomId, noteId);
      if (held) {
        this.checkKey(held.editKeyHash, editKey);
        if (held.state === 'pending') return { noteId, text: held.data.text, status: 'pending', waitingFor: writersStillNeeded(await this.storage.listHeldNotes(roomId, 'pending')) };
        return { noteId, text: held.data.text, status: held.state };
      }
      this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
      const note = getNote(room.doc('board'), noteId);
      return note ? { noteId, text: note.text, status: 'visible' } : { noteId, text: '', status: 'gone' };
    });
  }

  /**
   * The writer of a pending anonymous note agrees, on their phone, that it may go on the board
   * in a batch from fewer than three people ("show it anyway"). It goes out now, with any other
   * note whose writer agreed, and with everything waiting if three people's notes are there.
   */
  showAnyway(roomId: string, noteId: string, editKey: string): Promise<OwnNoteReply> {
    return this.inRoom(roomId, async (room) => {
      const held = await this.storage.getHeldNote(roomId, noteId);
      if (!held) {
        // Already out (a batch went, or a second tap): say where it is.
        this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
        const note = getNote(room.doc('board'), noteId);
        return note ? { noteId, text: note.text, status: 'visible' } : { noteId, text: '', status: 'gone' };
      }
      this.checkKey(held.editKeyHash, editKey);
      if (held.state !== 'pending') throw new Errors.NotWaiting();
      await this.storage.putHeldNote({ ...held, data: { ...held.data, showAnyway: true } });
      const released = await this.releasePending(room, false);
      await this.refreshCounts(room);
      if (released.noteIds.includes(noteId)) return { noteId, text: held.data.text, status: 'visible' };
      // Only if the note changed under us (withdrawn in a race): report what is stored.
      const pending = await this.storage.listHeldNotes(roomId, 'pending');
      return { noteId, text: held.data.text, status: 'pending', waitingFor: writersStillNeeded(pending) };
    });
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

  hiddenNotes(roomId: string) {
    return this.inRoom(roomId, async () =>
      (await this.storage.listHeldNotes(roomId, 'hidden')).map((n) => ({
        noteId: n.id,
        text: n.data.text,
        anonymous: n.data.anonymous,
        ...(n.data.authorName ? { authorName: n.data.authorName } : {}),
      })),
    );
  }

  /** `bearer` is the raw token of the request: the ballot key is derived from it (see voterKey). */
  vote(roomId: string, bearer: string, body: VoteBody): Promise<VoteReply> {
    return this.inRoom(roomId, async (room) => {
      const { voting } = readControl(room.doc('control'));
      if (!voting.open) throw new Errors.VotingClosed();
      // Markers (voting on areas) reuse the same ballots: the target id is the area's.
      const board = room.doc('board');
      const areas = listAreas(board);
      // A round for one role (the solutions) counts nothing else: what is outside it is refused.
      const counted = (areaId: string | null) => !voting.role || areas.some((a) => a.id === areaId && a.role === voting.role);
      const notCounted = () => new Errors.NotVotedOn({ role: voting.role!, places: placeValues(voting.role!).places });
      let target: string;
      if (voting.target === 'areas') {
        const areaId = body.areaId ?? body.noteId;
        if (!areaId) throw new Errors.VoteTargetMissing({ reason: 'area' });
        if (!areas.some((a) => a.id === areaId)) throw new Errors.AreaNotFound();
        if (!counted(areaId)) throw notCounted();
        target = areaId;
      } else {
        if (!body.noteId) throw new Errors.VoteTargetMissing({ reason: 'note' });
        const note = getNote(board, body.noteId);
        if (!note) throw new Errors.NoteNotFound();
        if (!counted(note.areaId) && body.delta > 0) throw notCounted();
        target = body.noteId;
      }
      const result = await this.storage.castVote(roomId, voting.round, voterKey(roomId, voting.round, bearer), target, body.delta, voting.budget);
      if (!result.ok) throw result.reason === 'budget-spent' ? new Errors.BudgetSpent() : new Errors.NoVoteToTakeBack();
      if (voting.totals !== null) await this.publishTotals(room, voting.round);
      return { remaining: result.remaining, mine: result.mine };
    });
  }

  votes(roomId: string, bearer: string): Promise<VotesReply> {
    return this.inRoom(roomId, async (room) => {
      const { voting } = readControl(room.doc('control'));
      const mine = await this.storage.ballotOf(roomId, voting.round, voterKey(roomId, voting.round, bearer));
      const used = Object.values(mine).reduce((a, b) => a + b, 0);
      const reply: VotesReply = { open: voting.open, budget: voting.budget, remaining: Math.max(0, voting.budget - used), mine };
      if (voting.totals !== null) reply.totals = voting.totals;
      return reply;
    });
  }

  private checkKey(expectedHash: string | null, editKey: string): void {
    if (!expectedHash) throw new Errors.NoteNotFound();
    if (hashToken(editKey) !== expectedHash) throw new Errors.WrongEditKey();
  }

  private async publishTotals(room: Room, round: number): Promise<void> {
    const totals = await this.storage.voteTotals(room.id, round);
    room.transactServer('control', (doc) => {
      const state = readControl(doc);
      publishVotingTotals(controlMap(doc), state, { ...state.voting, totals });
    });
  }

  /**
   * Puts notes on the board, written by the server: each in a free spot in the body of its area,
   * under its header and clear of every other note (an area that is full grows, pushing what is
   * below it down), or, for a note in no area, beside the areas, never over one.
   */
  private insertNotes(room: Room, notes: Array<{ id: string; data: NoteFields }>): void {
    room.transactServer('board', (doc: Y.Doc) => {
      const byArea = new Map<string | null, Array<{ id: string; data: NoteFields }>>();
      for (const note of notes) {
        const list = byArea.get(note.data.areaId) ?? [];
        list.push(note);
        byArea.set(note.data.areaId, list);
      }
      for (const [areaId, group] of byArea) {
        // Read afresh for each area: the notes just placed, and areas an earlier one pushed down.
        const existing = listNotes(doc);
        const areas = listAreas(doc);
        const area = areas.find((a) => a.id === areaId) ?? null;
        const wanted = group.filter((n) => !n.data.pos).length;
        const spots = area ? findFreeSpots(existing, area, wanted) : findLooseSpots(existing, areas, wanted);
        const growth = area ? planAreaGrowth(area, spots, areas, existing) : null;
        if (growth) {
          for (const { id, rect } of growth.rects) setAreaRect(doc, id, rect, SERVER_ORIGIN);
          moveNotes(doc, growth.looseMoves.map((m) => ({ ...m, areaId: null })), SERVER_ORIGIN);
        }
        let next = 0;
        for (const { id, data } of group) {
          const pos = data.pos ?? spots[next++] ?? { x: 0, y: 0 };
          createNote(doc, { ...noteFields(data), pos, areaId: area ? area.id : null }, SERVER_ORIGIN, id);
        }
      }
    });
  }

  /**
   * Where an anonymous note goes at release: the groups may have changed since it was posted, so
   * its area is checked again (a note only ever moves to the shared area, never into a group's).
   */
  private placeAtRelease(room: Room, data: HeldNote['data']): HeldNote['data'] {
    if (!data.anonymous) return data;
    const control = readControl(room.doc('control'));
    const inGroupArea = data.areaId !== null && control.groups.some((g) => g.areaId === data.areaId);
    const areaId = anonymousArea(data.areaId, placeView(control, room.connectedParticipants(), inGroupArea));
    return areaId === data.areaId ? data : { ...data, areaId };
  }

  /** Moves held notes onto the board in a shuffled order and forgets them. */
  private async publishHeld(room: Room, held: HeldNote[]): Promise<void> {
    if (held.length === 0) return;
    const order = shuffle(held);
    this.insertNotes(room, order.map((n) => ({ id: n.id, data: this.placeAtRelease(room, n.data) })));
    // The notes must be stored on the board before they leave the held table: otherwise a
    // storage failure followed by a crash would lose their words from both places.
    await room.flushStrict();
    for (const note of order) if (note.editKeyHash) await this.storage.setNoteKey(room.id, note.id, note.editKeyHash);
    await this.storage.deleteHeldNotes(room.id, order.map((n) => n.id));
  }

  /**
   * Releases pending anonymous notes: all of them once at least three different people wrote
   * them; otherwise only those whose writers agreed to show them anyway. Nobody else can force a
   * smaller batch out: not the facilitator's release, a new step or a reveal. When the facilitator
   * `asked` and some must still wait, their writers' phones offer to show them anyway.
   */
  private async releasePending(room: Room, asked: boolean): Promise<Released> {
    const pending = await this.storage.listHeldNotes(room.id, 'pending');
    const batch = distinctWriters(pending) >= ANONYMOUS_BATCH_SIZE ? pending : pending.filter((n) => n.data.showAnyway);
    await this.publishHeld(room, batch);
    const waiting = pending.length - batch.length;
    if (asked && waiting > 0 && !readControl(room.doc('control')).anonymousReleaseAsked) {
      room.transactServer('control', (doc) => controlMap(doc).set('anonymousReleaseAsked', true));
    }
    return { noteIds: batch.map((n) => n.id), waiting };
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

  /** Reveals every sealed note of the current step at once (and any pending anonymous ones). */
  private async reveal(room: Room): Promise<number> {
    const { stepIndex } = readControl(room.doc('control'));
    const sealed = (await this.storage.listHeldNotes(room.id, 'sealed')).filter((n) => n.stepIndex === stepIndex);
    await this.publishHeld(room, sealed);
    await this.releasePending(room, true);
    return sealed.length;
  }

  /**
   * The facilitator takes someone out of the session: their token is revoked in storage (so
   * every process, and this one after a restart, refuses it) and their open sockets close.
   */
  private async removeParticipant(room: Room, participantId: string): Promise<void> {
    const tokens = await this.storage.revokeParticipant(room.id, participantId, Date.now());
    if (tokens === 0) throw new Errors.ParticipantNotFound();
    room.closeParticipant(participantId);
  }

  /** Takes a note off every board for real: its content leaves the document and the stored log. */
  private async hide(room: Room, noteId: string): Promise<void> {
    const held = await this.storage.getHeldNote(room.id, noteId);
    if (held) {
      // Sealed and waiting notes are refused; a held note that is not is already hidden.
      refuseBeforeItIsOut(held);
      return;
    }
    const board = room.doc('board');
    const note = getNote(board, noteId);
    if (!note) throw new Errors.NoteNotFound();
    const data = noteFields(note);
    const editKeyHash = await this.storage.getNoteKey(room.id, noteId);
    await this.storage.putHeldNote({ id: noteId, roomId: room.id, state: 'hidden', stepIndex: readControl(room.doc('control')).stepIndex, data, editKeyHash });
    deleteNotes(board, [noteId], SERVER_ORIGIN);
    await room.compactNow('board');
  }

  private async unhide(room: Room, noteId: string): Promise<void> {
    const held = await this.storage.getHeldNote(room.id, noteId);
    if (held) refuseBeforeItIsOut(held);
    if (!held || held.state !== 'hidden') throw new Errors.NotHidden();
    if (notesMap(room.doc('board')).has(noteId)) {
      await this.storage.deleteHeldNotes(room.id, [noteId]);
      return;
    }
    await this.publishHeld(room, [held]);
  }

  private async refreshCounts(room: Room): Promise<void> {
    const [pending, sealed, hidden] = await Promise.all([
      this.storage.listHeldNotes(room.id, 'pending'),
      this.storage.listHeldNotes(room.id, 'sealed'),
      this.storage.listHeldNotes(room.id, 'hidden'),
    ]);
    const current = readControl(room.doc('control'));
    const asked = current.anonymousReleaseAsked && pending.length > 0;
    if (
      current.pendingAnonymous === pending.length &&
      current.sealedCount === sealed.length &&
      current.hiddenCount === hidden.length &&
      current.anonymousReleaseAsked === asked
    ) {
      return;
    }
    room.transactServer('control', (doc) => {
      const map = controlMap(doc);
      map.set('pendingAnonymous', pending.length);
      if (current.anonymousReleaseAsked !== asked) map.set('anonymousReleaseAsked', asked);
      map.set('sealedCount', sealed.length);
      map.set('hiddenCount', hidden.length);
    });
  }
}
