import { t } from '../i18n/i18n.ts';
import type { PostNoteBody, PostNoteReply } from '@tributary/shared/api';
import { ApiError } from './api.ts';
import { deviceStorage } from './deviceStorage.ts';
import { OwnNotes, noteToSend, postBody, unsentNotes, type NoteKind, type OwnNote } from './ownNotes.ts';

/** Whether a failed send is worth trying again later (network down, server busy or restarting). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  if (error.code === 'NETWORK' || error.status === 0) return true;
  if (error.status >= 500) return true;
  return error.status === 408 || error.status === 429;
}

/** Wait before the next automatic try: full jitter, growing from 2 s to at most 30 s. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(30_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(1_000 + random() * (cap - 1_000));
}

/** An id made on the phone; crypto.randomUUID needs a secure context, which LAN http is not. */
export function makeOutboxId(random: () => number = Math.random): string {
  const bytes = new Uint8Array(16);
  const cryptoApi = globalThis.crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type PostOutcome = { kind: 'sent'; item: OwnNote; reply: PostNoteReply } | { kind: 'queued'; item: OwnNote };

export interface OutboxOptions {
  roomId: string;
  /** Posts one note (api.postNote with the session token and the idempotency id). */
  send: (body: PostNoteBody, idempotencyKey: string) => Promise<PostNoteReply>;
  /** The store the queue reads and writes (default: this room's, on this device). */
  notes?: OwnNotes;
  /** The step showing now (ownNotes' `currentStepKey`): the server counts a note in the step it arrives in. */
  stepKey?: () => string | undefined;
  /** Called once per note the server took, after the store keeps its id and edit key. */
  onSent?: (note: OwnNote, reply: PostNoteReply) => void;
  /** Where the default store is kept (tests; default: deviceStorage). */
  storage?: () => Storage | null;
  now?: () => number;
  random?: () => number;
  /**
   * Starts held: notes are kept and wait, and nothing is sent until `release` (a phone's room
   * view before its live room has loaded; see sync/deviceRoom.ts).
   */
  held?: boolean;
  /** How long `post` waits for the server before saying the note is waiting (default 10 s). */
  patienceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The send queue over the phone's own notes (ownNotes.ts): the notes there that wait to be sent.
 *
 * Every note goes through here: it is kept first (so a reload or a crash cannot lose it), then
 * sent, oldest first, one at a time, with its `localId` as the `idempotency-key`. It stops
 * waiting only when the server answers for good: a 2xx (it is on the server now, and the store
 * keeps its id and edit key) or a final 4xx (the person is told why). A network failure, a 5xx,
 * 408 or 429 leaves it waiting; it is sent again when the connection comes back, when the
 * browser says it is online, or after a jittered wait.
 */
export class Outbox {
  readonly notes: OwnNotes;
  private readonly options: OutboxOptions;
  private running: Promise<void> | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private destroyed = false;
  /** Resolved by `release`; while it is set, the queue is held and every flush waits on it. */
  private held: { released: Promise<void>; release: () => void } | null = null;
  /** The last final refusal per note, for `post` to hand back to the composer. */
  private readonly refusals = new Map<string, unknown>();
  private readonly replies = new Map<string, PostNoteReply>();
  /** Notes a `post` call is waiting on (only theirs are remembered in the maps above). */
  private readonly awaited = new Set<string>();
  private readonly sentListeners = new Set<(note: OwnNote, reply: PostNoteReply) => void>();

  constructor(options: OutboxOptions) {
    this.options = options;
    this.notes = options.notes ?? new OwnNotes(options.roomId, options.storage ?? deviceStorage);
    if (options.held) this.hold();
  }

  /** Keeps every note that is posted, and sends none, until `release`. */
  hold(): void {
    this.clearRetry();
    if (this.held) return;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held = { released, release };
  }

  /** Sends what waits (and what is posted from now on) again; a `post` waiting on the hold goes on. */
  release(): void {
    const held = this.held;
    this.held = null;
    held?.release();
  }

  /** The notes waiting to be sent, or refused for good and not yet removed, oldest first. */
  get(): OwnNote[] {
    return unsentNotes(this.notes.get());
  }

  /** Hears of every note the server took, whether sent on the spot or later from the queue. */
  subscribeSent(listener: (note: OwnNote, reply: PostNoteReply) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  get waiting(): number {
    return this.get().filter((n) => n.state === 'waiting').length;
  }

  /**
   * Keeps a note and tries to send it now (after any older ones). Resolves `sent` with the
   * server's reply, or `queued` when it waits for the connection; throws the server's ApiError
   * when the server refused it for good (the note is then dropped: the composer still has it).
   * `anonymous`: what "my notes" should say about the name once it is posted.
   */
  async post(body: PostNoteBody, anonymous: boolean, kind?: NoteKind): Promise<PostOutcome> {
    const note = noteToSend(body, anonymous, makeOutboxId(this.options.random), (this.options.now ?? Date.now)(), kind);
    this.notes.add(note);
    this.awaited.add(note.localId);
    // On a poor connection a request can hang for a long time: after a while the person is told
    // the note is safe and waiting, and the send carries on in the background.
    const setTimer = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const clearTimer = this.options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    let timer: unknown = null;
    try {
      await Promise.race([
        this.flush(),
        new Promise<void>((resolve) => {
          timer = setTimer(resolve, this.options.patienceMs ?? 10_000);
        }),
      ]);
    } finally {
      if (timer !== null) clearTimer(timer);
      this.awaited.delete(note.localId);
    }
    const reply = this.replies.get(note.localId);
    if (reply) {
      this.replies.delete(note.localId);
      return { kind: 'sent', item: this.notes.find(note.localId) ?? note, reply };
    }
    if (this.refusals.has(note.localId)) {
      const error = this.refusals.get(note.localId);
      this.refusals.delete(note.localId);
      this.remove(note.localId);
      throw error;
    }
    return { kind: 'queued', item: this.notes.find(note.localId) ?? note };
  }

  /** Removes a note the server never took (a refused one the person has read about). */
  remove(localId: string): void {
    this.notes.remove(localId);
  }

  /** Sends everything waiting, oldest first, one at a time; only one flush runs at once. */
  flush(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    // Held: sent once released, by this same flush (a `post` still races it against its patience).
    if (this.held) return this.held.released.then(() => this.flush());
    if (!this.running) {
      this.clearRetry();
      this.running = this.withLock(() => this.drain()).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Across tabs of one room, only one sends at a time (Web Locks where the browser has them). */
  private async withLock(fn: () => Promise<void>): Promise<void> {
    const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
    if (locks?.request) {
      await locks.request(`tributary:outbox:${this.options.roomId}`, fn);
      return;
    }
    await fn();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.destroyed || this.held) return;
      this.notes.refresh();
      const next = this.get().find((n) => n.state === 'waiting');
      if (!next) {
        this.failures = 0;
        return;
      }
      // Saved before sending: a reload mid-send knows this note was (maybe) on its way.
      this.notes.update(next.localId, { attempts: next.attempts + 1 });
      let reply: PostNoteReply;
      try {
        reply = await this.options.send(postBody(next), next.localId);
      } catch (error) {
        if (isRetryable(error)) {
          this.failures++;
          this.scheduleRetry();
          return;
        }
        if (this.awaited.has(next.localId)) this.refusals.set(next.localId, error);
        const problem = error instanceof ApiError ? error.message : t('room.serverDidNotTake');
        this.notes.update(next.localId, { state: 'failed', problem });
        continue;
      }
      this.failures = 0;
      if (this.awaited.has(next.localId)) this.replies.set(next.localId, reply);
      this.notes.markSent(next.localId, reply, this.options.stepKey?.());
      const sent = this.notes.find(next.localId) ?? next;
      this.options.onSent?.(sent, reply);
      for (const listener of [...this.sentListeners]) listener(sent, reply);
    }
  }

  private scheduleRetry(): void {
    if (this.destroyed || this.retryTimer !== null) return;
    const setTimer = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.retryTimer = setTimer(() => {
      this.retryTimer = null;
      void this.flush();
    }, retryDelay(this.failures, this.options.random));
  }

  private clearRetry(): void {
    if (this.retryTimer === null) return;
    const clearTimer = this.options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    clearTimer(this.retryTimer);
    this.retryTimer = null;
  }

  destroy(): void {
    this.destroyed = true;
    this.clearRetry();
  }
}
