import * as Y from 'yjs';
import { REMOTE_ORIGIN, STORAGE_ORIGIN } from '@tributary/shared/origins';
import { DOC_NAMES, type DocName } from '@tributary/shared/protocol';
import type { Storage, StoredDoc } from '../storage/types.ts';
import type { GroupCommit } from './groupCommit.ts';
import type { Logger, SyncMetrics } from './reporting.ts';
import type { PendingUpdate, RoomDoc } from './roomDoc.ts';

/** 32 MiB: a 300-person conference board is a few megabytes; this stops a flood long before storage suffers. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

export interface RoomPersistenceOptions {
  storage: Storage;
  logger: Logger;
  metrics: SyncMetrics;
  /** The server's end-of-turn flush, shared by its rooms so storage commits them together. */
  groupCommit: GroupCommit;
  /** Compact a document's update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** What one document may take in storage; default DEFAULT_MAX_DOCUMENT_BYTES. */
  maxDocumentBytes?: number;
}

/** What persistence needs from the room it stores. */
export interface StoredRoom {
  readonly id: string;
  readonly docs: Record<DocName, RoomDoc>;
  isDestroyed(): boolean;
  /** Other processes serve this room too: storage may hold updates this room has not seen. */
  isDistributed(): boolean;
  /** A batch is stored: tell everyone else about it (clients, other processes). */
  afterStored(roomDoc: RoomDoc, batch: PendingUpdate[]): void;
  /** The room was deleted elsewhere while loaded: its writes can never be stored. */
  afterRoomDeleted(): void;
}

/**
 * A room's storage: its documents loaded, every accepted change appended (grouped per
 * event-loop turn) before it is relayed, failed saves kept in memory and retried, and the
 * update log compacted into a snapshot now and then. All storage work runs on one chain, so a
 * compaction never interleaves with an append.
 */
export class RoomPersistence {
  private flushChain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private retryDelayMs = 100;
  private lastTouched = 0;
  /**
   * Whether the room was used since it was last touched: something stored, or someone connected.
   * Only use keeps a room from expiring (ROOM_TTL_DAYS): a load that writes nothing and has no
   * one connected (the public "what we said" page, an export) does not.
   */
  private usedSinceTouch = false;
  private readonly compactionScheduled = new Set<DocName>();

  /**
   * True from a failed save until the next successful one: changes are waiting in memory and
   * will be retried. The room must not be unloaded, and actions that promised to store must fail.
   */
  storageFailing = false;

  constructor(
    private readonly room: StoredRoom,
    private readonly options: RoomPersistenceOptions,
  ) {}

  /** Reads both documents from storage into the live ones. */
  async load(): Promise<void> {
    for (const name of DOC_NAMES) {
      const roomDoc = this.room.docs[name];
      const stored = await this.options.storage.loadDoc(this.room.id, name);
      applyStoredUpdates(roomDoc.doc, stored, STORAGE_ORIGIN);
      roomDoc.lastSeq = stored.lastSeq;
      roomDoc.logSize = stored.updates.length;
      roomDoc.storedBytes = storedSize(stored);
    }
  }

  /** Queues a change made in this process for the end-of-turn write. */
  queue(roomDoc: RoomDoc, update: Uint8Array, origin: unknown): void {
    roomDoc.pending.push({ update, origin });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Every update of this turn in one storage write, and every room's write of the turn in
    // one callback (GroupCommit), so storage can commit them together.
    this.options.groupCommit.add(this);
  }

  /** Called by the turn's shared flush (GroupCommit). */
  flushScheduledWrites(): void {
    this.flushScheduled = false;
    void this.flush();
  }

  /** Stores everything pending and relays it. Resolves when all that was pending is stored. */
  flush(): Promise<void> {
    this.flushChain = this.flushChain.then(() => this.flushPending());
    return this.flushChain;
  }

  /**
   * Like flush, but rejects when storage is failing, so a command that depends on its change
   * being stored (a reveal that then deletes the held notes) stops instead of reporting success.
   */
  async flushStrict(): Promise<void> {
    await this.flush();
    if (this.storageFailing) throw new NotStoredError();
  }

  /** Someone connected: the room is in use, so its next flush marks it active. */
  noteUse(): void {
    this.usedSinceTouch = true;
  }

  /** After the room was deleted elsewhere: drop what can no longer be stored. */
  forgetPending(): void {
    for (const name of DOC_NAMES) this.room.docs[name].pending = [];
    this.storageFailing = false;
  }

  private async flushPending(): Promise<void> {
    const { storage, metrics, logger } = this.options;
    for (const name of DOC_NAMES) {
      const roomDoc = this.room.docs[name];
      if (roomDoc.pending.length === 0) continue;
      const batch = roomDoc.pending;
      roomDoc.pending = [];
      try {
        roomDoc.lastSeq = await storage.appendUpdates(
          this.room.id,
          name,
          batch.map((p) => p.update),
        );
      } catch (error) {
        // A failed save keeps the room (and the batch) in memory and tries again; nothing is
        // relayed that is not stored.
        roomDoc.pending = batch.concat(roomDoc.pending);
        this.storageFailing = true;
        metrics.storageFailure();
        if (this.room.isDestroyed()) return;
        if ((await storage.getRoom(this.room.id).catch(() => undefined)) === null) {
          // The room was deleted (by another process, or the retention sweep): its writes can
          // never be stored. Say so to everyone still here and keep nothing.
          logger.warn({ roomId: this.room.id }, 'room deleted while in use; closing its connections');
          this.room.afterRoomDeleted();
          return;
        }
        logger.error({ roomId: this.room.id, doc: name, err: String(error) }, 'storing updates failed; will retry');
        const delay = this.retryDelayMs;
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
        setTimeout(() => void this.flush(), delay).unref();
        return;
      }
      this.retryDelayMs = 100;
      this.storageFailing = false;
      this.usedSinceTouch = true;
      roomDoc.logSize += batch.length;
      for (const pending of batch) roomDoc.storedBytes += pending.update.byteLength;
      metrics.updateStored(name, batch.length);
      // Stored first, then told to the other processes and our own clients.
      this.room.afterStored(roomDoc, batch);
      if (roomDoc.logSize >= this.options.compactAfterUpdates || roomDoc.storedBytes > this.maxDocumentBytes / 2) {
        this.scheduleCompaction(roomDoc);
      }
    }
    const now = Date.now();
    if (this.usedSinceTouch && now - this.lastTouched > 60_000) {
      this.lastTouched = now;
      this.usedSinceTouch = false;
      await storage.touchRoom(this.room.id, now).catch(() => undefined);
    }
  }

  private get maxDocumentBytes(): number {
    return this.options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  }

  /**
   * Whether `bytes` more would take a document past its size cap. The server's own inserts (notes
   * posted through the API) ask before writing, as client updates are checked.
   */
  wouldOverflow(name: DocName, bytes: number): boolean {
    return this.room.docs[name].storedBytes + bytes > this.maxDocumentBytes;
  }

  /** Compacts soon, off the hot path: after the current burst. */
  scheduleCompaction(roomDoc: RoomDoc): void {
    if (this.compactionScheduled.has(roomDoc.name)) return;
    this.compactionScheduled.add(roomDoc.name);
    setTimeout(() => {
      this.flushChain = this.flushChain.then(() => this.compact(roomDoc));
    }, 50).unref();
  }

  /**
   * Rewrites a document's stored log as one snapshot right away. Used after moderation or a
   * withdrawal took content out of the board, so the words are gone from storage too (the
   * in-memory document has already garbage-collected them).
   */
  async compactNow(name: DocName): Promise<void> {
    await this.flush();
    const roomDoc = this.room.docs[name];
    await (this.flushChain = this.flushChain.then(() => this.compact(roomDoc)));
  }

  /** Stores everything and compacts every document with a log: before the room is released. */
  async storeForUnload(): Promise<void> {
    await this.flush();
    for (const name of DOC_NAMES) {
      const roomDoc = this.room.docs[name];
      if (roomDoc.logSize > 0) await (this.flushChain = this.flushChain.then(() => this.compact(roomDoc)));
    }
  }

  private async compact(roomDoc: RoomDoc): Promise<void> {
    this.compactionScheduled.delete(roomDoc.name);
    if (this.room.isDestroyed() || roomDoc.logSize === 0) return;
    try {
      // With several processes writing one log, our document may lack an update another process
      // stored with a lower sequence number than our own last one (its bus message still on the
      // way, or lost). So the snapshot covers exactly what we read: apply the stored document
      // (idempotent), then replace the log up to the last update read. Anything newer that the
      // document also holds is stored again later, which Yjs merges idempotently.
      // One process: every stored update came from this document, which holds at least
      // everything up to lastSeq. Reading it back would double the time compaction holds the
      // flush chain (measured: 23 ms -> 47 ms for a 300-note board with 500 logged updates).
      let uptoSeq = roomDoc.lastSeq;
      if (this.room.isDistributed()) {
        const stored = await this.options.storage.loadDoc(this.room.id, roomDoc.name);
        if (this.room.isDestroyed()) return;
        applyStored(roomDoc, stored);
        uptoSeq = stored.lastSeq;
      }
      const snapshot = Y.encodeStateAsUpdate(roomDoc.doc);
      await this.options.storage.compact(this.room.id, roomDoc.name, snapshot, uptoSeq);
      roomDoc.logSize = 0;
      roomDoc.storedBytes = snapshot.byteLength;
    } catch (error) {
      this.options.logger.warn({ roomId: this.room.id, doc: roomDoc.name, err: String(error) }, 'compaction failed; the log is kept');
    }
  }

  /**
   * Several processes: brings both documents up to date with storage (what other processes
   * stored, whether or not their bus messages arrived). Facilitation commands run this under
   * the room lock, so they never act on a document that lacks another process's last change.
   * One process: nothing to do.
   */
  async catchUp(): Promise<void> {
    if (!this.room.isDistributed() || this.room.isDestroyed()) return;
    for (const name of DOC_NAMES) {
      const stored = await this.options.storage.loadDoc(this.room.id, name);
      if (!this.room.isDestroyed()) applyStored(this.room.docs[name], stored);
    }
  }
}

/** Applies what storage holds to the live document; anything new is relayed, not stored again. */
function applyStored(roomDoc: RoomDoc, stored: StoredDoc): void {
  applyStoredUpdates(roomDoc.doc, stored, REMOTE_ORIGIN);
  roomDoc.lastSeq = Math.max(roomDoc.lastSeq, stored.lastSeq);
}

/**
 * A stored snapshot and the updates after it, in one transaction with `origin`: on load as
 * storage's (nothing to relay or store again), on catching up as a remote change (relayed).
 */
function applyStoredUpdates(doc: Y.Doc, stored: StoredDoc, origin: unknown): void {
  Y.transact(
    doc,
    () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, origin);
      for (const update of stored.updates) Y.applyUpdate(doc, update, origin);
    },
    origin,
  );
}

function storedSize(stored: StoredDoc): number {
  let bytes = stored.snapshot?.byteLength ?? 0;
  for (const update of stored.updates) bytes += update.byteLength;
  return bytes;
}

/** A change could not be stored (storage is down): the action that made it did not happen. */
export class NotStoredError extends Error {
  readonly statusCode = 503;
  readonly code = 'TRIB_NOT_STORED';
  constructor() {
    super('That could not be saved just now. Nothing was lost; please try again in a moment.');
    this.name = 'NotStoredError';
  }
}
