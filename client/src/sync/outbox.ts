import { t } from '../i18n/i18n.ts';
import type { PostNoteBody, PostNoteReply } from '@tributary/shared';
import { ApiError } from './api.ts';
import { deviceStorage } from './deviceStorage.ts';
import { Store } from './store.ts';

/**
 * Notes written while the phone had no connection, kept on the device until the server takes them.
 *
 * Every note goes through here: it is stored first (so a reload or a crash cannot lose it), then
 * sent, oldest first, one at a time. It leaves the outbox only when the server answers for good:
 * a 2xx (it is on the server now) or a final 4xx (the person is told why). A network failure, a
 * 5xx, 408 or 429 leaves it waiting; it is sent again when the connection comes back, when the
 * browser says it is online, or after a jittered wait.
 */
export interface OutboxItem {
  /** Made on this phone; also sent as the `idempotency-key` header. */
  id: string;
  body: PostNoteBody;
  /** What "my notes" should say about the name once it is posted. */
  anonymous: boolean;
  /** `card`: a User Manual card, which the card form finds again by this once it is sent. */
  kind?: NoteKind;
  queuedAt: number;
  /** How many times sending was tried (saved before each try). */
  attempts: number;
  /** `waiting`: will be sent; `failed`: the server said no for good (see `problem`). */
  state: 'waiting' | 'failed';
  problem?: string;
}

export type SendResult = 'sent' | 'retry' | 'final';

/** What a note posted through the outbox is, when it is more than a note (kept with it in "my notes"). */
export type NoteKind = 'card';

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

const KEY_PREFIX = 'tributary:outbox:';

export function outboxKey(roomId: string): string {
  return KEY_PREFIX + roomId;
}

export function parseOutbox(raw: string | null | undefined): OutboxItem[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return (parsed as OutboxItem[]).filter(
      (item) =>
        typeof item?.id === 'string' &&
        typeof item.body?.text === 'string' &&
        (item.state === 'waiting' || item.state === 'failed') &&
        typeof item.queuedAt === 'number',
    );
  } catch {
    return [];
  }
}

export type PostOutcome = { kind: 'sent'; item: OutboxItem; reply: PostNoteReply } | { kind: 'queued'; item: OutboxItem };

export interface OutboxOptions {
  roomId: string;
  /** Posts one note (api.postNote with the session token and the idempotency id). */
  send: (body: PostNoteBody, idempotencyKey: string) => Promise<PostNoteReply>;
  /** Called once per note the server took (before it leaves the outbox's storage). */
  onSent?: (item: OutboxItem, reply: PostNoteReply) => void;
  storage?: () => Storage | null;
  now?: () => number;
  random?: () => number;
  /** How long `post` waits for the server before saying the note is waiting (default 10 s). */
  patienceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Outbox extends Store<readonly OutboxItem[]> {
  private readonly options: OutboxOptions;
  private readonly storage: () => Storage | null;
  private running: Promise<void> | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private destroyed = false;
  /** The last final refusal per item, for `post` to hand back to the composer. */
  private readonly refusals = new Map<string, unknown>();
  private readonly replies = new Map<string, PostNoteReply>();
  /** Items a `post` call is waiting on (only theirs are remembered in the maps above). */
  private readonly awaited = new Set<string>();

  constructor(options: OutboxOptions) {
    const storage = options.storage ?? deviceStorage;
    super(Outbox.read(storage, options.roomId));
    this.options = options;
    this.storage = storage;
  }

  private static read(storage: () => Storage | null, roomId: string): OutboxItem[] {
    try {
      return parseOutbox(storage()?.getItem(outboxKey(roomId)));
    } catch {
      return [];
    }
  }

  private save(next: OutboxItem[]): void {
    this.set(next);
    try {
      const store = this.storage();
      if (!store) return;
      if (next.length === 0) store.removeItem(outboxKey(this.options.roomId));
      else store.setItem(outboxKey(this.options.roomId), JSON.stringify(next));
    } catch {
      /* storage full or refused: the note lasts as long as the tab */
    }
  }

  /** Picks up what another tab of the same room changed. */
  private reload(): void {
    const stored = Outbox.read(this.storage, this.options.roomId);
    const mine = this.get();
    // Keep items this tab holds that storage refused to keep.
    const ids = new Set(stored.map((i) => i.id));
    const fromStorage = this.storage() ? stored : [...stored, ...mine.filter((i) => !ids.has(i.id))];
    if (JSON.stringify(fromStorage) !== JSON.stringify(mine)) this.set(fromStorage);
  }

  private readonly sentListeners = new Set<(item: OutboxItem, reply: PostNoteReply) => void>();

  /** Hears of every note the server took, whether sent on the spot or later from the outbox. */
  subscribeSent(listener: (item: OutboxItem, reply: PostNoteReply) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  get waiting(): number {
    return this.get().filter((i) => i.state === 'waiting').length;
  }

  /**
   * Keeps a note and tries to send it now (after any older ones). Resolves `sent` with the
   * server's reply, or `queued` when it waits for the connection; throws the server's ApiError
   * when the server refused it for good (the note is then dropped: the composer still has it).
   */
  async post(body: PostNoteBody, anonymous: boolean, kind?: NoteKind): Promise<PostOutcome> {
    const item: OutboxItem = {
      id: makeOutboxId(this.options.random),
      body,
      anonymous,
      ...(kind ? { kind } : {}),
      queuedAt: (this.options.now ?? Date.now)(),
      attempts: 0,
      state: 'waiting',
    };
    this.reload();
    this.save([...this.get(), item]);
    this.awaited.add(item.id);
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
      this.awaited.delete(item.id);
    }
    const reply = this.replies.get(item.id);
    if (reply) {
      this.replies.delete(item.id);
      return { kind: 'sent', item, reply };
    }
    if (this.refusals.has(item.id)) {
      const error = this.refusals.get(item.id);
      this.refusals.delete(item.id);
      this.remove(item.id);
      throw error;
    }
    return { kind: 'queued', item: this.get().find((i) => i.id === item.id) ?? item };
  }

  /** Removes a note from the outbox (a refused one the person has read about). */
  remove(id: string): void {
    this.reload();
    this.save(this.get().filter((i) => i.id !== id));
  }

  /** Sends everything waiting, oldest first, one at a time; only one flush runs at once. */
  flush(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
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
      if (this.destroyed) return;
      this.reload();
      const next = this.get().find((i) => i.state === 'waiting');
      if (!next) {
        this.failures = 0;
        return;
      }
      // Saved before sending: a reload mid-send knows this note was (maybe) on its way.
      this.save(this.get().map((i) => (i.id === next.id ? { ...i, attempts: i.attempts + 1 } : i)));
      let reply: PostNoteReply;
      try {
        reply = await this.options.send(next.body, next.id);
      } catch (error) {
        if (isRetryable(error)) {
          this.failures++;
          this.scheduleRetry();
          return;
        }
        if (this.awaited.has(next.id)) this.refusals.set(next.id, error);
        const problem = error instanceof ApiError ? error.message : t('room.serverDidNotTake');
        this.reload();
        this.save(this.get().map((i) => (i.id === next.id ? { ...i, state: 'failed', problem } : i)));
        continue;
      }
      this.failures = 0;
      if (this.awaited.has(next.id)) this.replies.set(next.id, reply);
      try {
        this.options.onSent?.(next, reply);
        for (const listener of [...this.sentListeners]) listener(next, reply);
      } finally {
        this.reload();
        this.save(this.get().filter((i) => i.id !== next.id));
      }
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
