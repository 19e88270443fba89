import * as Y from 'yjs';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate as encodeAwarenessStates,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import { CloseCode, DOC_NAMES, SERVER_ORIGIN, STORAGE_ORIGIN, type DocName } from '@tributary/shared';
import type { Storage } from '../storage/types.ts';
import type { Connection } from './connection.ts';
import type { RoomView, SyncExtension } from './hooks.ts';
import {
  MalformedMessageError,
  decodeClientMessage,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type AwarenessEntry,
} from './protocol.ts';

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Counters the core reports; the adapter wires them to /metrics. */
export interface SyncMetrics {
  updateStored(docName: DocName, count: number): void;
  writeDropped(docName: DocName): void;
  malformed(): void;
  storageFailure(): void;
}

export interface RoomOptions {
  storage: Storage;
  extensions: readonly SyncExtension[];
  logger: Logger;
  metrics: SyncMetrics;
  /** Compact a document's update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/** One live document of a room, with its presence and the sockets attached to it. */
class RoomDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  readonly connections = new Set<Connection>();
  pending: PendingUpdate[] = [];
  lastSeq = 0;
  /** Updates in the log since the last snapshot. */
  logSize = 0;

  constructor(readonly name: DocName) {
    this.awareness = new Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }
}

/**
 * A room: its two documents loaded in memory, their connections and presence.
 * Every accepted change is appended to storage (grouped per event-loop turn) before it is
 * relayed, so nothing another client has seen can be lost to a crash.
 */
export class Room implements RoomView {
  readonly docs: Record<DocName, RoomDoc>;
  private flushChain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private retryDelayMs = 100;
  private destroyed = false;
  private lastTouched = 0;

  constructor(
    readonly id: string,
    private readonly options: RoomOptions,
  ) {
    this.docs = { board: new RoomDoc('board'), control: new RoomDoc('control') };
    for (const name of DOC_NAMES) this.wire(this.docs[name]);
  }

  private wire(roomDoc: RoomDoc): void {
    roomDoc.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === STORAGE_ORIGIN || this.destroyed) return;
      roomDoc.pending.push({ update, origin });
      this.scheduleFlush();
    });
    roomDoc.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const owner = origin as Connection | null;
        if (owner && typeof owner === 'object' && 'awarenessClients' in owner) {
          for (const id of added) owner.awarenessClients.add(id);
          for (const id of removed) owner.awarenessClients.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        if (changed.length === 0) return;
        // Everyone, the sender included: stock clients treat silence as a dead connection.
        const frame = encodeAwarenessFrame(encodeAwarenessStates(roomDoc.awareness, changed));
        for (const connection of roomDoc.connections) connection.send(frame);
      },
    );
  }

  get connectionCount(): number {
    return this.docs.board.connections.size + this.docs.control.connections.size;
  }

  doc(name: DocName): Y.Doc {
    return this.docs[name].doc;
  }

  /**
   * Participant ids with at least one open connection (board or control), in the order they
   * connected. Read-only; used to form groups from the people actually present.
   */
  connectedParticipants(): string[] {
    const ids = new Set<string>();
    for (const name of DOC_NAMES) {
      for (const connection of this.docs[name].connections) {
        const { role, participantId } = connection.identity;
        if (role === 'participant' && participantId && !connection.closed) ids.add(participantId);
      }
    }
    return [...ids];
  }

  /** Loads both documents from storage, then lets extensions (migrations, defaults) run. */
  async load(): Promise<void> {
    for (const name of DOC_NAMES) {
      const roomDoc = this.docs[name];
      const stored = await this.options.storage.loadDoc(this.id, name);
      Y.transact(
        roomDoc.doc,
        () => {
          if (stored.snapshot) Y.applyUpdate(roomDoc.doc, stored.snapshot, STORAGE_ORIGIN);
          for (const update of stored.updates) Y.applyUpdate(roomDoc.doc, update, STORAGE_ORIGIN);
        },
        STORAGE_ORIGIN,
      );
      roomDoc.lastSeq = stored.lastSeq;
      roomDoc.logSize = stored.updates.length;
    }
    for (const extension of this.options.extensions) await extension.afterLoad?.(this);
  }

  /** A change made by the server itself (commands, moderation): stored and relayed like any other. */
  transactServer(name: DocName, fn: (doc: Y.Doc) => void): void {
    const doc = this.docs[name].doc;
    doc.transact(() => fn(doc), SERVER_ORIGIN);
  }

  attach(connection: Connection): void {
    const roomDoc = this.docs[connection.identity.docName];
    roomDoc.connections.add(connection);
    connection.onClose(() => this.detach(connection));
    // Open the handshake: our state vector, and everyone's presence.
    connection.send(encodeSyncStep1(Y.encodeStateVector(roomDoc.doc)));
    const presence = this.presenceSnapshot(roomDoc);
    if (presence) connection.send(presence);
    connection.attach((conn, frame) => this.handleFrame(conn, frame));
  }

  private detach(connection: Connection): void {
    const roomDoc = this.docs[connection.identity.docName];
    if (!roomDoc.connections.delete(connection)) return;
    if (connection.awarenessClients.size > 0) {
      removeAwarenessStates(roomDoc.awareness, [...connection.awarenessClients], null);
    }
    this.onDetach?.(this);
  }

  /** Set by the SyncServer to learn when a room empties. */
  onDetach: ((room: Room) => void) | null = null;

  async handleFrame(connection: Connection, frame: Uint8Array): Promise<void> {
    const roomDoc = this.docs[connection.identity.docName];
    try {
      const message = decodeClientMessage(frame);
      switch (message.type) {
        case 'sync-step1': {
          // Answer only with what is already stored, so a client never receives an update
          // that a crash could still take back.
          await this.flush();
          const stateVector = message.stateVector;
          connection.send(encodeSyncStep2(Y.encodeStateAsUpdate(roomDoc.doc, stateVector)));
          return;
        }
        case 'sync-step2':
        case 'sync-update': {
          if (!this.mayWrite(connection)) {
            this.options.metrics.writeDropped(roomDoc.name);
            for (const extension of this.options.extensions) extension.onWriteDropped?.({ room: this, connection, docName: roomDoc.name });
            return;
          }
          Y.applyUpdate(roomDoc.doc, message.update, connection);
          return;
        }
        case 'awareness': {
          const entries = this.filterAwareness(connection, message.entries);
          if (entries.length === 0) return;
          // y-protocols' applyAwarenessUpdate keeps clocks and emits 'update' with this origin.
          applyAwareness(roomDoc.awareness, entries, connection);
          return;
        }
        case 'query-awareness': {
          const presence = this.presenceSnapshot(roomDoc);
          if (presence) connection.send(presence);
          return;
        }
      }
    } catch (error) {
      this.options.metrics.malformed();
      this.options.logger.debug(
        { roomId: this.id, doc: roomDoc.name, err: error instanceof Error ? error.message : String(error) },
        'malformed message',
      );
      const reason = error instanceof MalformedMessageError ? error.message : 'malformed update';
      connection.close(CloseCode.Malformed, reason.slice(0, 120));
    }
  }

  private mayWrite(connection: Connection): boolean {
    const context = { room: this, connection, docName: connection.identity.docName };
    for (const extension of this.options.extensions) {
      if (extension.canWrite && !extension.canWrite(context)) return false;
    }
    return true;
  }

  /**
   * Everyone's current presence as one awareness frame, passed again through the extensions'
   * filters with each state's owner: rules that changed since a state was published (a step
   * turned anonymous) apply to what newcomers receive.
   */
  private presenceSnapshot(roomDoc: RoomDoc): Uint8Array | null {
    const entries: AwarenessEntry[] = [];
    for (const owner of roomDoc.connections) {
      const own: AwarenessEntry[] = [];
      for (const clientId of owner.awarenessClients) {
        const state = roomDoc.awareness.getStates().get(clientId);
        const meta = roomDoc.awareness.meta.get(clientId);
        if (state && meta) own.push({ clientId, clock: meta.clock, state: state as Record<string, unknown> });
      }
      if (own.length > 0) entries.push(...this.runAwarenessFilters(owner, own));
    }
    return entries.length > 0 ? encodeAwarenessFrame(encodeAwarenessUpdate(entries)) : null;
  }

  private runAwarenessFilters(connection: Connection, entries: AwarenessEntry[]): AwarenessEntry[] {
    let result = entries;
    for (const extension of this.options.extensions) {
      if (extension.filterAwareness) result = extension.filterAwareness({ room: this, connection }, result);
    }
    return result;
  }

  private filterAwareness(connection: Connection, entries: AwarenessEntry[]): AwarenessEntry[] {
    const roomDoc = this.docs[connection.identity.docName];
    // A connection may speak only for client ids no other connection has claimed.
    const own = entries.filter((entry) => {
      for (const other of roomDoc.connections) {
        if (other !== connection && other.awarenessClients.has(entry.clientId)) return false;
      }
      return true;
    });
    return this.runAwarenessFilters(connection, own);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Group every update of this event-loop turn into one storage write.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** Stores everything pending and relays it. Resolves when all that was pending is stored. */
  flush(): Promise<void> {
    this.flushChain = this.flushChain.then(() => this.flushPending());
    return this.flushChain;
  }

  private async flushPending(): Promise<void> {
    for (const name of DOC_NAMES) {
      const roomDoc = this.docs[name];
      if (roomDoc.pending.length === 0) continue;
      const batch = roomDoc.pending;
      roomDoc.pending = [];
      try {
        roomDoc.lastSeq = await this.options.storage.appendUpdates(
          this.id,
          name,
          batch.map((p) => p.update),
        );
      } catch (error) {
        // A failed save keeps the room (and the batch) in memory and tries again; nothing is
        // relayed that is not stored.
        roomDoc.pending = batch.concat(roomDoc.pending);
        this.options.metrics.storageFailure();
        this.options.logger.error({ roomId: this.id, doc: name, err: String(error) }, 'storing updates failed; will retry');
        const delay = this.retryDelayMs;
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
        setTimeout(() => void this.flush(), delay).unref();
        return;
      }
      this.retryDelayMs = 100;
      roomDoc.logSize += batch.length;
      this.options.metrics.updateStored(name, batch.length);
      this.relay(roomDoc, batch);
      if (roomDoc.logSize >= this.options.compactAfterUpdates) this.scheduleCompaction(roomDoc);
    }
    const now = Date.now();
    if (now - this.lastTouched > 60_000) {
      this.lastTouched = now;
      await this.options.storage.touchRoom(this.id, now).catch(() => undefined);
    }
  }

  private relay(roomDoc: RoomDoc, batch: PendingUpdate[]): void {
    if (roomDoc.connections.size === 0) return;
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update));
    const everything = encodeSyncUpdate(merged);
    const origins = new Set(batch.map((p) => p.origin));
    for (const connection of roomDoc.connections) {
      if (!origins.has(connection)) {
        connection.send(everything);
        continue;
      }
      // Do not echo a client's own changes back to it.
      const others = batch.filter((p) => p.origin !== connection).map((p) => p.update);
      if (others.length > 0) connection.send(encodeSyncUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  }

  private compactionScheduled = new Set<DocName>();

  private scheduleCompaction(roomDoc: RoomDoc): void {
    if (this.compactionScheduled.has(roomDoc.name)) return;
    this.compactionScheduled.add(roomDoc.name);
    // Off the hot path: after the current burst, inside the flush chain so it never
    // interleaves with an append.
    setTimeout(() => {
      this.flushChain = this.flushChain.then(() => this.compact(roomDoc));
    }, 50).unref();
  }

  private async compact(roomDoc: RoomDoc): Promise<void> {
    this.compactionScheduled.delete(roomDoc.name);
    if (this.destroyed || roomDoc.logSize === 0) return;
    // The document holds at least everything up to lastSeq (updates are applied before they
    // are stored); anything newer that it also holds will be stored again later, which Yjs
    // merges idempotently.
    const uptoSeq = roomDoc.lastSeq;
    try {
      await this.options.storage.compact(this.id, roomDoc.name, Y.encodeStateAsUpdate(roomDoc.doc), uptoSeq);
      roomDoc.logSize = 0;
    } catch (error) {
      this.options.logger.warn({ roomId: this.id, doc: roomDoc.name, err: String(error) }, 'compaction failed; the log is kept');
    }
  }

  /**
   * Asks every client of a document for whatever the server is missing (sync step 1). After a
   * write was refused (board lock), a client's later updates build on the one the server
   * dropped and cannot be integrated; when writing is allowed again, this brings the gap in.
   */
  requestMissing(name: DocName): void {
    const roomDoc = this.docs[name];
    const frame = encodeSyncStep1(Y.encodeStateVector(roomDoc.doc));
    for (const connection of roomDoc.connections) connection.send(frame);
  }

  /**
   * Rewrites a document's stored log as one snapshot right away. Used after moderation or a
   * withdrawal took content out of the board, so the words are gone from storage too (the
   * in-memory document has already garbage-collected them).
   */
  async compactNow(name: DocName): Promise<void> {
    await this.flush();
    const roomDoc = this.docs[name];
    await (this.flushChain = this.flushChain.then(() => this.compact(roomDoc)));
  }

  /** Stores everything, compacts, and releases memory. Connections must already be gone. */
  async unload(): Promise<void> {
    await this.flush();
    for (const name of DOC_NAMES) {
      const roomDoc = this.docs[name];
      if (roomDoc.logSize > 0) await (this.flushChain = this.flushChain.then(() => this.compact(roomDoc)));
    }
    this.destroy();
  }

  /** Closes every connection with the given code. */
  closeAll(code: number, reason: string): void {
    for (const name of DOC_NAMES) {
      for (const connection of [...this.docs[name].connections]) connection.close(code, reason);
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const name of DOC_NAMES) {
      this.docs[name].awareness.destroy();
      this.docs[name].doc.destroy();
    }
  }
}

/** Applies the accepted awareness entries through y-protocols, which keeps clocks and timeouts. */
function applyAwareness(awareness: Awareness, entries: AwarenessEntry[], origin: Connection): void {
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(entries), origin);
}
