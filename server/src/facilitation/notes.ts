import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import type { PatchNoteBody, PostNoteBody, PostNoteReply, OwnNoteReply } from '@tributary/shared/api';
import { createNote, deleteNotes, moveNotes, setAreaRect, setNoteText } from '@tributary/shared/board/mutations';
import { NOTE_ID_PREFIX, noteFields, sanitizeAuthorName, type NoteFields } from '@tributary/shared/board/note';
import { findFreeSpots, findLooseSpots, planAreaGrowth } from '@tributary/shared/board/placement';
import { getNote, listAreas, listNotes } from '@tributary/shared/board/queries';
import { askAnonymousRelease, setHeldCounts } from '@tributary/shared/control/mutations';
import { noteLimit, postingDecision, postingStepKey, type PostingRefusal } from '@tributary/shared/control/postingRule';
import { ANONYMOUS_BATCH_SIZE, readControl } from '@tributary/shared/control/state';
import { createId } from '@tributary/shared/ids';
import { SERVER_ORIGIN } from '@tributary/shared/origins';
import { createToken, hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import { boardShowsPicture } from '../images/pictureUse.ts';
import type { HeldNote, Storage, TokenRecord } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import { anonymousArea, placeView } from './anonymousPlace.ts';
import { placeForPost } from './notePlace.ts';
import { personCapRefusal, type BoardWriteLimits } from '../policy/boardWrites.ts';
import { shuffle } from './shuffle.ts';
import type { WordFilters } from './wordFilters.ts';
import { minuteOf, queueEdited, type QueueHold } from './queueHolds.ts';


/**
 * The tag a pending anonymous note carries so that batches count different people, not notes.
 * Built like voterKey (votes.ts), from the raw bearer token, which is never stored: from the database one
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

/** What a release did: the notes that went on the board, and how many still wait. */
export interface Released {
  noteIds: string[];
  waiting: number;
}

/**
 * Notes the server takes in through the API and holds or puts on the board: posting (by the
 * posting rule in shared, with the per-step count kept in storage), the writer's own edits,
 * private writing until the reveal, and anonymous notes until their batch goes out.
 *
 * Anonymity (DESIGN.md section 3): an anonymous note is never written by its author's Y.Doc;
 * the server inserts it with the room document's own client id. Nothing stored says who wrote
 * it; only the hash of its edit key links it to the device that holds the key.
 * Every method runs under the room's lock (Facilitation.inRoom).
 */
export class Notes {
  constructor(
    private readonly storage: Storage,
    /** The board's per-person caps (the same as for writes straight onto the board). */
    private readonly limits: BoardWriteLimits,
    /** The rooms' word filters: a participant's note with a filter word waits for the facilitator. */
    private readonly filters: WordFilters,
  ) {}

  async placeNote(room: Room, token: TokenRecord, body: PostNoteBody, bearer: string): Promise<PostNoteReply> {
    const roomId = room.id;
    const control = readControl(room.doc('control'));
    const step = control.steps[control.stepIndex]!;
    const stepKey = postingStepKey(control.stepIndex, step.id);
    const poster = posterKey(roomId, bearer);
    // Counted only in a step with a limit: counting walks the person's stored slots, and a count
    // nobody reads would only grow. (A limit set in the middle of a step counts from then on.)
    const limited = noteLimit(control, { role: token.role }) !== null;
    const decision = postingDecision(control, {
      role: token.role,
      participantId: token.participantId,
      postedInStep: limited ? await this.storage.postCount(roomId, stepKey, poster) : 0,
      asksAnonymous: body.anonymous,
    });
    if (!decision.allowed) throw refusalError(decision);
    const { anonymous, group } = decision;
    // A picture note's words are its text alternative, which may come later (the schema requires
    // words for a note without a picture).
    const text = body.text ?? '';
    if (body.imageId !== undefined) {
      if (!(await this.storage.images.has(roomId, body.imageId))) throw new Errors.ImageNotInRoom();
      // One picture, one note: a second note naming it would let anyone show someone else's
      // picture under their own name, and keep it stored after its writer took it back.
      if (await this.pictureInUse(room, body.imageId)) throw new Errors.ImageInUse();
    }
    // The board's caps hold for notes the server inserts as for notes written straight onto it.
    if (room.wouldOverflow('board', text.length * 3 + 256)) throw new Errors.BoardFull();
    // Anonymous notes carry no id to count by; the per-person rate limit and the room's cap hold them.
    const capped = token.participantId && !anonymous ? personCapRefusal(room.doc('board'), token.participantId, { notes: 1, text: text.length }, this.limits) : null;
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
      text,
      color: body.color ?? 'yellow',
      areaId: anonymous ? anonymousArea(place.areaId, placeView(control, present, step.postTo === 'group-area')) : place.areaId,
      anonymous,
    };
    if (place.replyTo) data.replyTo = place.replyTo;
    if (body.imageId !== undefined) {
      data.imageId = body.imageId;
      data.imageKind = body.imageKind ?? 'photo';
    }
    if (decision.round !== undefined) data.round = decision.round;
    if (!anonymous) {
      const name = sanitizeAuthorName(token.name);
      if (name) data.authorName = name;
      if (token.participantId) data.authorId = token.participantId;
    }
    // The facilitator's own notes are not filtered, and never wait for themselves.
    const matched = token.role === 'facilitator' ? [] : await this.filters.match(roomId, body.text ?? '');
    const queue: QueueHold | null =
      matched.length > 0 ? { reason: 'filter', matched, minute: minuteOf(Date.now()) } : decision.queued ? { reason: 'review', minute: minuteOf(Date.now()) } : null;
    if (queue && decision.sealed) queue.sealed = true;
    const reply = await this.keepNote(room, control.stepIndex, data, anonymous, decision.sealed, bearer, queue);
    // Counted once the note is kept, so a post that fails half-way (a storage outage) does not use
    // up one of the person's notes for good. The limit was checked above under the room lock,
    // which every process takes, so the count read there is still the one this fills.
    if (decision.limit !== null) await this.storage.countPost(roomId, stepKey, poster, null);
    return reply;
  }

  /**
   * Holds a posted note (for the facilitator's queue, sealed, or anonymous until its batch) or
   * puts it on the board. The queue comes first: once approved, a note still waits for the
   * reveal or its batch as it would have (queue.ts).
   */
  private async keepNote(
    room: Room,
    stepIndex: number,
    data: HeldNote['data'],
    anonymous: boolean,
    sealed: boolean,
    bearer: string,
    queue: QueueHold | null,
  ): Promise<PostNoteReply> {
    const roomId = room.id;
    const noteId = createId(NOTE_ID_PREFIX);
    const editKey = createToken();
    const editKeyHash = hashToken(editKey);

    if (queue) {
      // An anonymous note keeps its batch tag so that, once approved, its batch counts people as ever.
      if (anonymous) data.authorTag = authorTag(roomId, bearer);
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'queued', stepIndex, data: { ...data, queue }, editKeyHash });
      await this.refreshCounts(room);
      return { noteId, editKey, status: 'queued' };
    }

    if (sealed) {
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'sealed', stepIndex, data, editKeyHash });
      await this.refreshCounts(room);
      return { noteId, editKey, status: 'sealed' };
    }
    if (anonymous) {
      data.authorTag = authorTag(roomId, bearer);
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'pending', stepIndex, data, editKeyHash });
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

  async editNote(room: Room, noteId: string, editKey: string, patch: PatchNoteBody): Promise<OwnNoteReply> {
    const roomId = room.id;
    const held = await this.storage.getHeldNote(roomId, noteId);
    // Notes edited with the edit key are participants' (the facilitator edits on the board), so filtered.
    const matched = patch.text === undefined ? [] : await this.filters.match(roomId, patch.text);
    if (held) {
      this.checkKey(held.editKeyHash, editKey);
      // New words on a sealed or pending note reach the board at the reveal or with its batch:
      // in a review step (its own or the current one), or once approved, they are checked first.
      const changed = patch.text !== undefined && patch.text !== held.data.text;
      const { steps, stepIndex } = readControl(room.doc('control'));
      const review = changed && (held.data.reviewed === true || steps[held.stepIndex]?.review === true || steps[stepIndex]?.review === true);
      if (patch.text !== undefined) held.data.text = patch.text;
      const queued = held.state === 'hidden' ? held : queueEdited(held, matched, review);
      await this.storage.putHeldNote(queued);
      if (queued.state !== held.state) await this.refreshCounts(room);
      return { noteId, text: queued.data.text, status: queued.state };
    }
    this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
    const board = room.doc('board');
    const note = getNote(board, noteId);
    if (!note) throw new Errors.NoteNotFound();
    const control = readControl(room.doc('control'));
    const review = control.steps[control.stepIndex]?.review === true && patch.text !== note.text;
    if (patch.text !== undefined && (matched.length > 0 || review)) {
      // A note on the board edited to a filter word, or edited in a review step, leaves the board
      // until the facilitator has seen its new words: keeping the old text up would show a note
      // its writer changed.
      const minute = minuteOf(Date.now());
      const queue: QueueHold = matched.length > 0 ? { reason: 'filter', matched, minute, wasVisible: true } : { reason: 'review', minute, wasVisible: true };
      const data = { ...noteFields(note), text: patch.text, queue };
      await this.storage.putHeldNote({ id: noteId, roomId, state: 'queued', stepIndex: control.stepIndex, data, editKeyHash: hashToken(editKey) });
      deleteNotes(board, [noteId], SERVER_ORIGIN);
      await room.compactNow('board');
      await this.refreshCounts(room);
      return { noteId, text: patch.text, status: 'queued' };
    }
    if (patch.text !== undefined) setNoteText(board, noteId, patch.text, SERVER_ORIGIN);
    return { noteId, text: getNote(board, noteId)!.text, status: 'visible' };
  }

  /** The author takes their note back: it leaves the board and the stored log, with its picture. */
  async withdrawNote(room: Room, noteId: string, editKey: string): Promise<void> {
    const roomId = room.id;
    const held = await this.storage.getHeldNote(roomId, noteId);
    if (held) {
      this.checkKey(held.editKeyHash, editKey);
      await this.storage.deleteHeldNotes(roomId, [noteId]);
      await this.refreshCounts(room);
      await this.forgetPicture(room, held.data.imageId);
      return;
    }
    this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
    const board = room.doc('board');
    const note = getNote(board, noteId);
    if (!note) throw new Errors.NoteNotFound();
    deleteNotes(board, [noteId], SERVER_ORIGIN);
    await room.compactNow('board');
    await this.forgetPicture(room, note.imageId);
  }

  /**
   * A withdrawn note's picture leaves storage too, unless another note still shows it (on the
   * board or held): a sketch its drawer took back must not stay fetchable by its id.
   */
  private async forgetPicture(room: Room, imageId: string | undefined): Promise<void> {
    if (!imageId) return;
    if (await this.pictureInUse(room, imageId)) return;
    await this.storage.images.delete(room.id, imageId);
  }

  /** Whether a note shows this picture: on the board, or held (sealed, pending, queued or hidden). */
  private async pictureInUse(room: Room, imageId: string): Promise<boolean> {
    if (boardShowsPicture(room.doc('board'), imageId)) return true;
    for (const state of ['sealed', 'pending', 'queued', 'hidden'] as const) {
      if ((await this.storage.listHeldNotes(room.id, state)).some((n) => n.data.imageId === imageId)) return true;
    }
    return false;
  }

  async readOwnNote(room: Room, noteId: string, editKey: string): Promise<OwnNoteReply> {
    const roomId = room.id;
    const held = await this.storage.getHeldNote(roomId, noteId);
    if (held) {
      this.checkKey(held.editKeyHash, editKey);
      if (held.state === 'pending') return { noteId, text: held.data.text, status: 'pending', waitingFor: writersStillNeeded(await this.storage.listHeldNotes(roomId, 'pending')) };
      return { noteId, text: held.data.text, status: held.state };
    }
    this.checkKey(await this.storage.getNoteKey(roomId, noteId), editKey);
    const note = getNote(room.doc('board'), noteId);
    return note ? { noteId, text: note.text, status: 'visible' } : { noteId, text: '', status: 'gone' };
  }

  /**
   * The writer of a pending anonymous note agrees, on their phone, that it may go on the board
   * in a batch from fewer than three people ("show it anyway"). It goes out now, with any other
   * note whose writer agreed, and with everything waiting if three people's notes are there.
   */
  async showAnyway(room: Room, noteId: string, editKey: string): Promise<OwnNoteReply> {
    const roomId = room.id;
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
  }

  private checkKey(expectedHash: string | null, editKey: string): void {
    if (!expectedHash) throw new Errors.NoteNotFound();
    if (hashToken(editKey) !== expectedHash) throw new Errors.WrongEditKey();
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
  async publishHeld(room: Room, held: HeldNote[]): Promise<void> {
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
  async releasePending(room: Room, asked: boolean): Promise<Released> {
    const pending = await this.storage.listHeldNotes(room.id, 'pending');
    const batch = distinctWriters(pending) >= ANONYMOUS_BATCH_SIZE ? pending : pending.filter((n) => n.data.showAnyway);
    await this.publishHeld(room, batch);
    const waiting = pending.length - batch.length;
    if (asked && waiting > 0 && !readControl(room.doc('control')).anonymousReleaseAsked) {
      room.transactServer('control', (doc) => askAnonymousRelease(doc));
    }
    return { noteIds: batch.map((n) => n.id), waiting };
  }

  /** Reveals every sealed note of the current step at once (and any pending anonymous ones). */
  async reveal(room: Room): Promise<number> {
    const { stepIndex } = readControl(room.doc('control'));
    const sealed = (await this.storage.listHeldNotes(room.id, 'sealed')).filter((n) => n.stepIndex === stepIndex);
    await this.publishHeld(room, sealed);
    await this.releasePending(room, true);
    return sealed.length;
  }

  async refreshCounts(room: Room): Promise<void> {
    // The queue's size is not among them: it would tell every phone the moment a note was held
    // (a filter word), and so whose it was. The facilitator reads the queue itself (GET /queue).
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
    room.transactServer('control', (doc) => setHeldCounts(doc, { pending: pending.length, sealed: sealed.length, hidden: hidden.length, releaseAsked: asked }));
  }
}
