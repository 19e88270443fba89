import type { NoteStatus, PostNoteBody, PostNoteReply } from '@tributary/shared/api';
import { DEFAULT_NOTE_COLOR, isNoteColor } from '@tributary/shared/board/colors';
import { postingStepKey } from '@tributary/shared/control/postingRule';
import type { NoteFields } from '@tributary/shared/board/note';
import { deviceStorage, keep, readKeptJson } from './deviceStorage.ts';
import { Store } from './store.ts';

/**
 * The phone's one store of the notes this person wrote in a room: waiting to be sent, held by the
 * server (sealed, waiting to go up without a name), on the board, or taken back. "My notes", the
 * send queue (outbox.ts) and the per-step count ("2 of 3 notes") all read it.
 *
 * Kept on the device only (never sent anywhere): the edit key in here is the only link between
 * the person and an anonymous note, so a reload or a lost signal keeps it, and nothing else has it.
 */

/** The note record's own fields (shared's one note shape), as the phone knows them for a note it wrote. */
export type OwnNoteFields = Pick<NoteFields, 'text' | 'color' | 'areaId' | 'anonymous' | 'replyTo' | 'imageId' | 'imageKind'>;

/**
 * `waiting`: kept here, to be sent; `failed`: the server said no for good (see `problem`);
 * a {@link NoteStatus} (`sealed`, `pending`, `queued` for the facilitator to check, `visible`): the server took it; `hidden`: a
 * facilitator hid it; `gone`: the server no longer knows it (the room was reset); `taken-back`:
 * taken back or removed from the list, kept only so it still counts for its step.
 */
export type OwnNoteState = 'waiting' | 'failed' | PostedState | 'taken-back';

/** What a note is, when it is more than a note. `card`: a User Manual card (one is shared at a time). */
export type NoteKind = 'card';

export interface OwnNote extends OwnNoteFields {
  /** Made on this phone when the note is written; also its `idempotency-key` when sent. */
  localId: string;
  state: OwnNoteState;
  /** The server's id and edit key, once it took the note. */
  noteId?: string;
  editKey?: string;
  /** The step the server counted it in ({@link stepKey}), set when the server took it. */
  step?: string;
  /** When it was written on this phone (ms). */
  postedAt: number;
  kind?: NoteKind;
  /**
   * The person's own choice about their name, sent as `anonymous` when they were offered one;
   * absent when the room decides. (`anonymous` is what "my notes" says the server will do.)
   */
  askedAnonymous?: boolean;
  /** A waiting anonymous note: how many more people's notes it waits for. */
  waitingFor?: number;
  /** How many times sending was tried (saved before each try). */
  attempts: number;
  /** Why the server refused it, for `failed`. */
  problem?: string;
}

/** Where a note the server took stands, as "my notes" shows it. */
export type PostedState = NoteStatus | 'hidden' | 'gone';
const POSTED_STATES: ReadonlySet<string> = new Set<PostedState>(['sealed', 'pending', 'queued', 'visible', 'hidden', 'gone']);

/** A note the server took, still on this phone's list: it has an id and an edit key. */
export type PostedNote = OwnNote & { noteId: string; editKey: string; state: PostedState };

const STATES: ReadonlySet<string> = new Set([...POSTED_STATES, 'waiting', 'failed', 'taken-back']);
/** Taken-back notes kept for counting; the server's limits are per step, so old ones matter little. */
const MAX_TAKEN_BACK = 500;

/** The step a note counts in: the same key as the server's count (shared postingStepKey). */
export const stepKey = postingStepKey;

/** The step showing in a room's control state, as a {@link stepKey}. */
export function currentStepKey(control: { stepIndex: number; steps: ReadonlyArray<{ id: string }> }): string {
  return stepKey(control.stepIndex, control.steps[control.stepIndex]?.id ?? '');
}

/**
 * How many notes this phone has posted in a step. Taken-back notes count too: the server counts
 * every note it took in the step (and going back to a step starts no new count).
 */
export function countInStep(notes: ReadonlyArray<Pick<OwnNote, 'step'>>, step: string): number {
  let n = 0;
  for (const note of notes) if (note.step === step) n++;
  return n;
}

/** Notes still to be sent, or refused for good and not yet removed by the person, oldest first. */
export function unsentNotes(notes: readonly OwnNote[]): OwnNote[] {
  return notes.filter((n) => n.state === 'waiting' || n.state === 'failed');
}

/** Notes the server took that are still on this phone's list ("my notes"). */
export function postedNotes(notes: readonly OwnNote[]): PostedNote[] {
  return notes.filter((n): n is PostedNote => n.noteId !== undefined && n.editKey !== undefined && POSTED_STATES.has(n.state));
}

/** What is sent to post a note (POST /api/rooms/:id/notes; fields left undefined are not sent). */
export function postBody(note: OwnNote): PostNoteBody {
  return {
    // A picture note may have no words (its text alternative is asked for, not required).
    text: note.text === '' && note.imageId ? undefined : note.text,
    imageId: note.imageId,
    imageKind: note.imageId ? note.imageKind : undefined,
    color: note.color,
    anonymous: note.askedAnonymous,
    areaId: note.areaId ?? undefined,
    replyTo: note.replyTo,
  };
}

/** A note to be sent, from what the composer asks to post. */
export function noteToSend(body: PostNoteBody, anonymous: boolean, localId: string, now: number, kind?: NoteKind): OwnNote {
  // Fields left undefined are not kept (JSON drops them).
  return {
    localId,
    state: 'waiting',
    text: body.text ?? '',
    ...(body.imageId ? { imageId: body.imageId, imageKind: body.imageKind } : {}),
    color: isNoteColor(body.color) ? body.color : DEFAULT_NOTE_COLOR,
    areaId: body.areaId ?? null,
    anonymous,
    replyTo: body.replyTo,
    askedAnonymous: body.anonymous,
    kind,
    postedAt: now,
    attempts: 0,
  };
}

const KEY_PREFIX = 'tributary:own-notes:';

/** Where a room's own notes are kept on the device. */
export function ownNotesKey(roomId: string): string {
  return KEY_PREFIX + roomId;
}

/** The kept list, without anything damaged or unknown (a bad entry is dropped, not the list). */
export function parseOwnNotes(value: unknown): OwnNote[] {
  if (!Array.isArray(value)) return [];
  return (value as OwnNote[]).filter((n) => typeof n?.localId === 'string' && STATES.has(n.state) && typeof n.text === 'string' && isNoteColor(n.color));
}

// ---- The three stores an earlier version kept (outbox, "my notes", post log), read once.

const OLD_KEYS = ['tributary:outbox:', 'tributary:mynotes:', 'tributary:postlog:'] as const;

interface OldOutboxItem {
  id: string;
  body: PostNoteBody;
  anonymous?: boolean;
  kind?: NoteKind;
  queuedAt?: number;
  attempts?: number;
  state?: string;
  problem?: string;
}
type OldMyNote = Pick<OwnNote, 'text' | 'anonymous' | 'postedAt' | 'waitingFor' | 'kind'> & { noteId: string; editKey: string; status?: string };
interface OldPostLogEntry {
  noteId: string;
  step: string;
  color?: string;
}

/**
 * Moves what an earlier version kept of a room in three places into the one store, then removes
 * the old keys: a phone upgraded in the middle of a session keeps its notes waiting to be sent
 * (with the same idempotency key), its edit keys, and its per-step counts. Answers the merged list
 * (`kept` first), or null when there was nothing old to move.
 */
export function migrateOldStores(roomId: string, kept: readonly OwnNote[], storage: () => Storage | null = deviceStorage): OwnNote[] | null {
  const old = OLD_KEYS.map((prefix) => readKeptJson(prefix + roomId, storage));
  if (old.every((value) => value === null)) return null;
  const [outbox, myNotes, log] = old.map((value) => (Array.isArray(value) ? (value as unknown[]).filter((item) => typeof item === 'object' && item) : [])) as [
    OldOutboxItem[],
    OldMyNote[],
    OldPostLogEntry[],
  ];
  const logged = new Map(log.map((e) => [e.noteId, e]));
  // A migrated posted note's localId is its noteId, so one set finds it whichever tab kept it first.
  const known = new Set(kept.flatMap((n) => [n.localId, n.noteId]));
  const moved: OwnNote[] = [];
  const add = (note: OwnNote) => {
    if (typeof note.localId !== 'string' || typeof note.text !== 'string' || known.has(note.localId)) return;
    known.add(note.localId);
    moved.push(note);
  };
  const counted = (noteId: string) => {
    const entry = logged.get(noteId);
    return { color: isNoteColor(entry?.color) ? entry.color : DEFAULT_NOTE_COLOR, ...(entry ? { step: entry.step } : {}) };
  };
  for (const { status, ...mine } of myNotes) {
    if (typeof mine.editKey !== 'string') continue;
    add({
      ...mine,
      ...counted(mine.noteId),
      localId: mine.noteId,
      state: POSTED_STATES.has(status ?? '') ? (status as PostedState) : 'visible',
      areaId: null,
      anonymous: mine.anonymous === true,
      postedAt: mine.postedAt ?? 0,
      attempts: 0,
    });
  }
  // Logged but no longer in "my notes": taken back, and still counted for their step.
  for (const entry of log) {
    add({ localId: entry.noteId, noteId: entry.noteId, ...counted(entry.noteId), state: 'taken-back', text: '', areaId: null, anonymous: false, postedAt: 0, attempts: 0 });
  }
  for (const item of outbox) {
    if (typeof item.body?.text !== 'string') continue;
    add({
      ...noteToSend(item.body, item.anonymous === true, item.id, item.queuedAt ?? 0, item.kind),
      state: item.state === 'failed' ? 'failed' : 'waiting',
      attempts: item.attempts ?? 0,
      ...(item.problem ? { problem: item.problem } : {}),
    });
  }
  const merged = [...kept, ...moved];
  // The new store is written before the old keys go: a crash in between only repeats this merge.
  if (keep(ownNotesKey(roomId), JSON.stringify(merged), storage)) for (const prefix of OLD_KEYS) keep(prefix + roomId, null, storage);
  return merged;
}

/** Drops the oldest taken-back notes past {@link MAX_TAKEN_BACK}. */
function pruned(notes: OwnNote[]): OwnNote[] {
  let extra = notes.filter((n) => n.state === 'taken-back').length - MAX_TAKEN_BACK;
  if (extra <= 0) return notes;
  return notes.filter((n) => n.state !== 'taken-back' || extra-- <= 0);
}

/**
 * The one store of a room's own notes, kept under one device key. Each change reads the kept list
 * first, so two tabs of the same room do not undo each other's changes.
 */
export class OwnNotes extends Store<readonly OwnNote[]> {
  /** Storage refused a write (or there is none): this tab alone holds the list, so it stops reading it back. */
  private tabOnly = false;

  constructor(
    readonly roomId: string,
    private readonly storage: () => Storage | null = deviceStorage,
  ) {
    super([]);
    this.tabOnly = storage() === null;
    this.refresh();
  }

  private read(): OwnNote[] {
    const kept = parseOwnNotes(readKeptJson(ownNotesKey(this.roomId), this.storage));
    return migrateOldStores(this.roomId, kept, this.storage) ?? kept;
  }

  /** Picks up what another tab of the same room changed. */
  refresh(): void {
    if (this.tabOnly) return;
    const kept = this.read();
    if (JSON.stringify(kept) !== JSON.stringify(this.get())) this.set(kept);
  }

  private change(fn: (notes: OwnNote[]) => OwnNote[]): void {
    this.refresh();
    const next = pruned(fn([...this.get()]));
    this.set(next);
    if (this.tabOnly) return;
    const saved = next.length === 0 ? keep(ownNotesKey(this.roomId), null, this.storage) : keep(ownNotesKey(this.roomId), JSON.stringify(next), this.storage);
    // Storage full or refused: the notes last as long as the tab.
    if (!saved) this.tabOnly = true;
  }

  find(localId: string): OwnNote | undefined {
    return this.get().find((n) => n.localId === localId);
  }

  /** Keeps a note just written, after every other. */
  add(note: OwnNote): void {
    this.change((notes) => [...notes.filter((n) => n.localId !== note.localId), note]);
  }

  update(localId: string, patch: Partial<Omit<OwnNote, 'localId'>>): void {
    this.change((notes) => notes.map((n) => (n.localId === localId ? { ...n, ...patch } : n)));
  }

  /** The server took the note: it now has an id and edit key, and counts for `step`. */
  markSent(localId: string, reply: PostNoteReply, step: string | undefined): void {
    this.change((notes) =>
      // Another entry may hold the same note (the older stores, moved in once, could keep one
      // note under both its outbox id and its note id): this one stands for it from now on.
      notes.filter((n) => n.localId === localId || n.noteId !== reply.noteId).map((n) => {
        if (n.localId !== localId) return n;
        const { problem: _problem, waitingFor: _waitingFor, ...rest } = n;
        return {
          ...rest,
          state: reply.status,
          noteId: reply.noteId,
          editKey: reply.editKey,
          ...(step !== undefined ? { step } : {}),
          ...(reply.waitingFor !== undefined ? { waitingFor: reply.waitingFor } : {}),
        };
      }),
    );
  }

  /**
   * Takes a note off this phone's list (taken back, or gone and removed by the person). Its words
   * and edit key leave the device; a note the server took still counts for its step.
   */
  takeBack(localId: string): void {
    this.change((notes) =>
      notes.flatMap((n) => (n.localId !== localId ? [n] : n.noteId === undefined ? [] : [{ ...n, state: 'taken-back' as const, text: '', editKey: undefined }])),
    );
  }

  /** Forgets a note the server never took (refused, and read about). */
  remove(localId: string): void {
    this.change((notes) => notes.filter((n) => n.localId !== localId));
  }

  /** Takes every note of this room off the device (a borrowed phone, after the session ended). */
  clear(): void {
    this.change(() => []);
  }
}
