import { CloseCode, MAX_MESSAGE_BYTES, type DocName, type Role } from '@tributary/shared/protocol';
import { KEEPALIVE_FRAME, decodeAwarenessUpdate, encodeAwarenessFrame, encodeAwarenessUpdate, type AwarenessEntry } from './protocol.ts';
import { TokenBucket, type Clock } from './tokenBucket.ts';

/** The socket under a connection. The sync core never sees Fastify or `ws`, only this. */
export interface Transport {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
}

/** Who is on the other end, as established by the token. */
export interface ConnectionIdentity {
  roomId: string;
  docName: DocName;
  role: Role;
  participantId: string | null;
  name: string | null;
}

export interface ConnectionLimits {
  maxMessageBytes: number;
  /** A client that lets this much pile up unread is disconnected rather than buffered without end. */
  maxBufferedBytes: number;
  /** Document updates (sync step 2 and update frames) and sync step 1 / presence queries. */
  updatesPerSecond: number;
  updateBurst: number;
  /** Awareness (presence) frames. */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Frames waiting for tokens (or for the previous frame) before the connection is closed with 4429. */
  maxQueuedFrames: number;
  maxQueuedBytes: number;
}

/**
 * Defaults a person never meets. Updates: a stock client sends one frame per transaction; fast
 * typing is 10 to 15 a second, a note drag is written once when it ends, and a paste, an undo of
 * many steps or a reconnect's catch-up comes as a short run that the burst of 200 absorbs.
 * Awareness: the editor sends cursor and drag presence through two 20 Hz throttles, so up to
 * 40 frames a second while dragging; 50 a second with a burst of 100 leaves room for that.
 * Going over only delays frames; only a sustained flood fills the queue and is disconnected.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxBufferedBytes: 16 * 1024 * 1024,
  updatesPerSecond: 60,
  updateBurst: 200,
  awarenessPerSecond: 50,
  awarenessBurst: 100,
  maxQueuedFrames: 1000,
  maxQueuedBytes: 8 * 1024 * 1024,
};

/** What a connection reports about its limits; the adapter wires it to /metrics. */
export interface ConnectionMetrics {
  /** A frame had to wait for a token. */
  throttled(kind: FrameKind): void;
  /** An awareness frame was merged into one still waiting from the same connection. */
  awarenessSuperseded(): void;
  /** The connection was closed with 4429: `inbound` (sent too much) or `outbound` (did not read). */
  rateLimited(direction: 'inbound' | 'outbound'): void;
}

const NO_METRICS: ConnectionMetrics = { throttled() {}, awarenessSuperseded() {}, rateLimited() {} };

/** Which bucket a frame draws from, read from its first bytes without decoding it. */
export type FrameKind = 'update' | 'awareness' | 'read';

/**
 * y-websocket frames start with the message type and, for sync messages, the sync type; both
 * are one-byte varuints for every known value. Anything else is a 'read' and the decoder
 * rejects it (4400) when its turn comes.
 */
export function frameKind(frame: Uint8Array): FrameKind {
  const type = frame[0];
  if (type === 0) return frame[1] === 1 || frame[1] === 2 ? 'update' : 'read';
  if (type === 1) return 'awareness';
  return 'read';
}

interface Queued {
  frame: Uint8Array;
  kind: FrameKind;
  /**
   * For the awareness entry waiting in the queue once a second one arrived: the newest entry
   * per client id. Stock clients echo others' presence back, so frames of one connection carry
   * different client ids and must be merged, not replaced.
   */
  merged?: Map<number, AwarenessEntry>;
}

/**
 * Most client ids one waiting awareness frame may merge: bounds what a flood can make a
 * connection hold. A frame with more waits on its own, unmerged (the decoder accepts up to
 * MAX_AWARENESS_ENTRIES, protocol.ts).
 */
const MAX_MERGED_AWARENESS = 64;

function decodeAwarenessFrame(frame: Uint8Array): AwarenessEntry[] | null {
  try {
    // A frame is [type=1][varuint length][update]; decodeClientMessage does the strict work later.
    if (frame[0] !== 1) return null;
    let offset = 1;
    let length = 0;
    let shift = 0;
    for (;;) {
      const byte = frame[offset++];
      if (byte === undefined || shift > 28) return null;
      length += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    if (offset + length !== frame.byteLength) return null;
    return decodeAwarenessUpdate(frame.subarray(offset));
  } catch {
    return null;
  }
}

type FrameHandler = (connection: Connection, frame: Uint8Array) => Promise<void> | void;

/**
 * One socket's link to one document. Frames are handled strictly in arrival order, one at
 * a time, and frames that arrive before the room has loaded wait in line.
 *
 * Rate limits: each frame takes a token from its bucket (updates and reads share one, awareness
 * has its own). Yjs updates are never dropped (a lost update breaks the sender's causal chain),
 * so a connection over budget waits: its frames stay in its own bounded queue until tokens
 * refill, and a flood that fills the queue closes the socket with 4429. Awareness is
 * last-writer-wins, so at most one awareness frame waits: newer ones are merged into it, keeping
 * the newest state of each client id.
 */
export class Connection {
  /**
   * Awareness client ids this connection speaks for (presenceClaims.ts): claimed with its first
   * state for each, kept for the life of the socket, their presence removed when it leaves.
   */
  readonly awarenessClients = new Set<number>();
  /** Presence entries refused for claiming more client ids than one connection may. */
  presenceRefused = 0;
  /**
   * Whether the client has answered the server's sync step 1 (its sync step 2: everything the
   * server lacked). Until then an update of its own may build on changes that answer carries.
   */
  answeredSync = false;
  /** Updates waiting for that answer because they build on changes the server does not have yet (Room). */
  readonly waitingForSync: Uint8Array[] = [];
  waitingForSyncBytes = 0;
  private handler: FrameHandler | null = null;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  /** The awareness frame waiting in the queue, if any: newer ones are merged into it. */
  private queuedAwareness: Queued | null = null;
  private draining = false;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly updateBucket: TokenBucket;
  private readonly awarenessBucket: TokenBucket;
  private closeListeners: Array<() => void> = [];
  /** Whether a frame went out since the last keepalive sweep (keepAlive below). */
  private sentSinceSweep = false;
  closed = false;

  constructor(
    readonly transport: Transport,
    readonly identity: ConnectionIdentity,
    readonly limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
    private readonly metrics: ConnectionMetrics = NO_METRICS,
    clock?: Clock,
  ) {
    this.updateBucket = new TokenBucket(limits.updatesPerSecond, limits.updateBurst, clock);
    this.awarenessBucket = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, clock);
  }

  /** Frames received and not yet handled (waiting for tokens, their turn, or the room to load). */
  get queuedFrames(): number {
    return this.queue.length;
  }

  /** Feeds one incoming frame. Oversized frames close the socket before any work is done. */
  receive(frame: Uint8Array): void {
    if (this.closed) return;
    if (frame.byteLength > this.limits.maxMessageBytes) {
      this.close(CloseCode.TooLarge, 'message too large');
      return;
    }
    const kind = frameKind(frame);
    // When it cannot be merged (undecodable: its turn closes the socket with 4400; or too many
    // client ids), it waits as a frame of its own and becomes the one later frames merge into.
    if (kind === 'awareness' && this.queuedAwareness && this.mergeAwareness(this.queuedAwareness, frame)) return;
    const entry: Queued = { frame, kind };
    this.queue.push(entry);
    this.queuedBytes += frame.byteLength;
    if (kind === 'awareness') this.queuedAwareness = entry;
    if (this.queue.length > this.limits.maxQueuedFrames || this.queuedBytes > this.limits.maxQueuedBytes) {
      this.metrics.rateLimited('inbound');
      this.close(CloseCode.RateLimited, 'sending faster than the server accepts');
      return;
    }
    this.drain();
  }

  /**
   * Folds a newer awareness frame into the one waiting: presence is last-writer-wins per
   * client id (the higher clock wins), so only the newest state of each id is kept.
   */
  private mergeAwareness(waiting: Queued, frame: Uint8Array): boolean {
    const incoming = decodeAwarenessFrame(frame);
    if (!incoming) return false;
    let merged = waiting.merged;
    if (!merged) {
      const first = decodeAwarenessFrame(waiting.frame);
      if (!first) return false;
      merged = new Map(first.map((entry) => [entry.clientId, entry]));
    }
    let size = merged.size;
    for (const entry of incoming) if (!merged.has(entry.clientId)) size++;
    if (size > MAX_MERGED_AWARENESS) return false;
    for (const entry of incoming) {
      const known = merged.get(entry.clientId);
      if (!known || entry.clock >= known.clock) merged.set(entry.clientId, entry);
    }
    waiting.merged = merged;
    // Encoded once, when its turn comes. Counted at the larger of the two sizes: at most 64
    // entries of at most MAX_AWARENESS_STATE_BYTES (2 KiB) each are ever held, whatever the flood.
    if (frame.byteLength > waiting.frame.byteLength) {
      this.queuedBytes += frame.byteLength - waiting.frame.byteLength;
      waiting.frame = frame;
    }
    this.metrics.awarenessSuperseded();
    return true;
  }

  /** Starts handling frames (those already received first). */
  attach(handler: FrameHandler): void {
    this.handler = handler;
    this.drain();
  }

  /**
   * Hands queued frames to the handler in order while tokens last. Synchronous handlers run
   * back to back; an asynchronous one (a sync step 1 waits for storage) holds the line.
   */
  private drain(): void {
    if (this.draining || this.closed || !this.handler || this.wakeTimer) return;
    this.draining = true;
    const pending = this.drainSync(this.handler);
    if (!pending) {
      this.draining = false;
      return;
    }
    pending.then(
      () => {
        this.draining = false;
        this.drain();
      },
      () => {
        this.draining = false;
        this.close(1011, 'server error');
      },
    );
  }

  /** Runs frames until the queue is empty, a bucket is, or a handler returns a promise (returned). */
  private drainSync(handler: FrameHandler): Promise<void> | null {
    while (!this.closed && this.queue.length > 0) {
      const head = this.queue[0]!;
      const bucket = head.kind === 'awareness' ? this.awarenessBucket : this.updateBucket;
      if (!bucket.tryTake()) {
        this.metrics.throttled(head.kind);
        const wait = Math.max(1, Math.ceil(bucket.msUntilAvailable()));
        this.wakeTimer = setTimeout(() => {
          this.wakeTimer = null;
          this.drain();
        }, wait);
        return null;
      }
      this.queue.shift();
      this.queuedBytes -= head.frame.byteLength;
      if (head === this.queuedAwareness) this.queuedAwareness = null;
      const frame = head.merged ? encodeAwarenessFrame(encodeAwarenessUpdate([...head.merged.values()])) : head.frame;
      let result: Promise<void> | void;
      try {
        result = handler(this, frame);
      } catch {
        this.close(1011, 'server error');
        return null;
      }
      if (result) return result;
    }
    return null;
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.transport.bufferedAmount > this.limits.maxBufferedBytes) {
      this.metrics.rateLimited('outbound');
      this.close(CloseCode.RateLimited, 'not keeping up with updates');
      return;
    }
    this.sentSinceSweep = true;
    this.transport.send(frame);
  }

  /**
   * Called by the keepalive sweep (SyncServer, every `keepAliveMs`): sends an empty presence
   * message when nothing else went out since the last sweep. A y-websocket client closes a socket
   * it has heard nothing on for 30 s (`messageReconnectTimeout`), and in a quiet room the control
   * document's socket hears nothing at all (its client shares no presence): phones showed
   * "Reconnecting…" every 33 s. An empty presence update is a no-op for every stock client.
   * So a socket hears something at least every two sweeps.
   */
  keepAlive(): void {
    if (this.closed) return;
    if (!this.sentSinceSweep) this.send(KEEPALIVE_FRAME);
    this.sentSinceSweep = false;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    // Shutting down is not the client's fault: what it sent still counts.
    if (code === CloseCode.GoingAway) this.applyQueuedUpdates();
    this.closed = true;
    this.release();
    try {
      this.transport.close(code, reason);
    } finally {
      this.notifyClosed();
    }
  }

  private release(): void {
    this.queue = [];
    this.queuedBytes = 0;
    this.queuedAwareness = null;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /**
   * Applies the document updates still waiting for tokens, at once. Used when the client is
   * gone (or the server is going away) rather than misbehaving: they were sent before it left,
   * and a client that closes its tab will not be back to send them again. Bounded by the queue.
   */
  private applyQueuedUpdates(): void {
    const handler = this.handler;
    if (!handler) return;
    const updates = this.queue.filter((entry) => entry.kind === 'update');
    this.release();
    for (const entry of updates) {
      try {
        // The room applies an update synchronously; nothing is sent back to a closed socket.
        void Promise.resolve(handler(this, entry.frame)).catch(() => undefined);
      } catch {
        // A bad frame from a client that is gone: nothing to close.
      }
    }
  }

  /** Called by the adapter when the socket closed from the other side. */
  notifyClosed(): void {
    if (!this.closed) this.applyQueuedUpdates();
    this.closed = true;
    this.release();
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }
}
