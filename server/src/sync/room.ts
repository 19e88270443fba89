import * as Y from 'yjs';
import { BOARD_REFUSAL_MESSAGES, CloseCode, DOC_NAMES, REMOTE_ORIGIN, REMOVED_REASON, SERVER_ORIGIN, STORAGE_ORIGIN, type DocName } from '@tributary/shared';
import type { Storage } from '../storage/types.ts';
import { LocalRoomBus, type RoomBus } from './bus.ts';
import type { Connection } from './connection.ts';
import type { GroupCommit } from './groupCommit.ts';
import type { RoomView, SyncExtension, WriteRefusal } from './hooks.ts';
import { MalformedMessageError, decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './protocol.ts';
import type { Logger, SyncMetrics } from './reporting.ts';
import { RoomDoc, type PendingUpdate } from './roomDoc.ts';
import { RoomLink } from './roomLink.ts';
import { RoomPersistence } from './roomPersistence.ts';
import { RoomPresence } from './roomPresence.ts';
import { changesNothing } from './updateInspector.ts';

export interface RoomOptions {
  storage: Storage;
  /** In priority order (sortExtensions): the rules, which the room's own parts know nothing of. */
  extensions: readonly SyncExtension[];
  logger: Logger;
  metrics: SyncMetrics;
  /** The server's end-of-turn flush (GroupCommit), shared by its rooms. */
  groupCommit: GroupCommit;
  /** Compact a document's update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** Other server processes serving the same rooms (docs/SCALING.md); default: none. */
  bus?: RoomBus;
  /**
   * What one document may take in storage (its snapshot plus its update log), in bytes; a client
   * update that would go over is refused with 4413. Default DEFAULT_MAX_DOCUMENT_BYTES.
   */
  maxDocumentBytes?: number;
  /**
   * Presence changes are gathered for this long and sent as one frame to everyone (0: on the
   * next turn of the event loop's timers). Default AWARENESS_FLUSH_MS.
   */
  awarenessFlushMs?: number;
}

/** Updates one connection may send before answering our sync step 1 that build on that answer. */
const MAX_WAITING_FOR_SYNC = 200;
const MAX_WAITING_FOR_SYNC_BYTES = 1024 * 1024;

/**
 * A room: its two documents loaded in memory, and the sockets attached to them. This is the
 * object the rest of the server talks to; it speaks the sync protocol with each client and
 * hands the rest to its parts:
 * - RoomPersistence: every accepted change is stored (grouped per event-loop turn) before it is
 *   relayed, so nothing another client has seen can be lost to a crash; failed saves retry;
 * - RoomPresence: who is here, filtered and batched;
 * - RoomLink: the other processes serving the room.
 * The rules (who may write what, what presence may say) are extensions (hooks.ts, in
 * server/src/policy), run in priority order as hocuspocus runs its hooks.
 */
export class Room implements RoomView {
  readonly docs: Record<DocName, RoomDoc>;
  private released = false;
  private readonly persistence: RoomPersistence;
  private readonly presence: RoomPresence;
  private readonly link: RoomLink;

  constructor(
    readonly id: string,
    private readonly options: RoomOptions,
  ) {
    this.docs = { board: new RoomDoc('board'), control: new RoomDoc('control') };
    this.link = new RoomLink(id, options.bus ?? new LocalRoomBus(), {
      update: (docName, update) => {
        if (!this.released) Y.applyUpdate(this.docs[docName].doc, update, REMOTE_ORIGIN);
      },
      awareness: (docName, update) => {
        if (!this.released) this.presence.applyRemote(this.docs[docName], update);
      },
      presenceQuery: (docName) => {
        if (!this.released) this.presence.answerQuery(this.docs[docName]);
      },
      participantRemoved: (participantId) => {
        if (!this.released) this.closeLocalParticipant(participantId);
      },
    });
    this.persistence = new RoomPersistence(
      {
        id,
        docs: this.docs,
        isDestroyed: () => this.released,
        isDistributed: () => this.link.distributed,
        afterStored: (roomDoc, batch) => this.afterStored(roomDoc, batch),
        afterRoomDeleted: () => this.forgetDeleted(),
      },
      options,
    );
    this.presence = new RoomPresence(this, this.link, options);
    for (const name of DOC_NAMES) {
      this.watch(this.docs[name]);
      this.presence.watch(this.docs[name]);
    }
  }

  private watch(roomDoc: RoomDoc): void {
    roomDoc.doc.on('update', (update: Uint8Array, origin: unknown) => {
      roomDoc.fullSyncFrame = null;
      if (origin === STORAGE_ORIGIN || this.released) return;
      if (origin === REMOTE_ORIGIN) {
        // Already stored by another process (or read back from storage): relay, never store again.
        if (roomDoc.connections.size === 0) return;
        const frame = encodeSyncUpdate(update);
        for (const connection of roomDoc.connections) connection.send(frame);
        return;
      }
      this.persistence.queue(roomDoc, update, origin);
    });
  }

  /** True once the room let go of its documents (unloaded, dropped, or failed to load). */
  get destroyed(): boolean {
    return this.released;
  }

  get connectionCount(): number {
    return this.docs.board.connections.size + this.docs.control.connections.size;
  }

  doc(name: DocName): Y.Doc {
    return this.docs[name].doc;
  }

  /** The keepalive sweep: every connection of both documents (Connection.keepAlive). */
  keepAlive(): void {
    for (const name of DOC_NAMES) for (const connection of this.docs[name].connections) connection.keepAlive();
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

  /**
   * Closes every socket of a participant the facilitator removed, here and in the other
   * processes serving the room. Their token is already revoked, so a reconnect is refused too.
   */
  closeParticipant(participantId: string): void {
    this.closeLocalParticipant(participantId);
    this.link.publishParticipantRemoved(participantId);
  }

  /**
   * Participants removed while this room was loaded. A socket whose token was checked just before
   * the revocation may attach just after it; this catches it without a storage read per attach.
   */
  private readonly removedParticipants = new Set<string>();

  private closeLocalParticipant(participantId: string): void {
    this.removedParticipants.add(participantId);
    for (const name of DOC_NAMES) {
      for (const connection of [...this.docs[name].connections]) {
        if (connection.identity.participantId === participantId) connection.close(CloseCode.Unauthorized, REMOVED_REASON);
      }
    }
  }

  /** Loads both documents from storage, then lets extensions (migrations, defaults) run. */
  async load(): Promise<void> {
    await this.link.open();
    await this.persistence.load();
    for (const extension of this.options.extensions) await extension.afterLoad?.(this);
  }

  /** See RoomPersistence.catchUp: several processes only. */
  catchUp(): Promise<void> {
    return this.persistence.catchUp();
  }

  /** A change made by the server itself (commands, moderation): stored and relayed like any other. */
  transactServer(name: DocName, fn: (doc: Y.Doc) => void): void {
    const doc = this.docs[name].doc;
    doc.transact(() => fn(doc), SERVER_ORIGIN);
  }

  /** See RoomPersistence.storageFailing. */
  get storageFailing(): boolean {
    return this.persistence.storageFailing;
  }

  /** Stores everything pending and relays it. Resolves when all that was pending is stored. */
  flush(): Promise<void> {
    return this.persistence.flush();
  }

  /** See RoomPersistence.flushStrict: rejects with NotStoredError while storage is failing. */
  flushStrict(): Promise<void> {
    return this.persistence.flushStrict();
  }

  /** See RoomPersistence.compactNow. */
  compactNow(name: DocName): Promise<void> {
    return this.persistence.compactNow(name);
  }

  /** See RoomPersistence.wouldOverflow. */
  wouldOverflow(name: DocName, bytes: number): boolean {
    return this.persistence.wouldOverflow(name, bytes);
  }

  /** A batch is stored: now the others may hear of it. */
  private afterStored(roomDoc: RoomDoc, batch: PendingUpdate[]): void {
    if (roomDoc.connections.size === 0 && !this.link.distributed) return;
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update));
    this.link.publishUpdate(roomDoc.name, merged, roomDoc.lastSeq);
    this.relay(roomDoc, batch, merged);
  }

  /** After the room was deleted elsewhere: drop what can no longer be stored, close everyone. */
  private forgetDeleted(): void {
    this.persistence.forgetPending();
    this.closeAll(CloseCode.RoomDeleted, 'room deleted');
  }

  private relay(roomDoc: RoomDoc, batch: PendingUpdate[], merged: Uint8Array): void {
    if (roomDoc.connections.size === 0) return;
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

  attach(connection: Connection): void {
    const { participantId } = connection.identity;
    if (participantId && this.removedParticipants.has(participantId)) {
      connection.close(CloseCode.Unauthorized, REMOVED_REASON);
      return;
    }
    const roomDoc = this.docs[connection.identity.docName];
    roomDoc.connections.add(connection);
    connection.onClose(() => this.detach(connection));
    // Open the handshake: our state vector, and everyone's presence.
    connection.send(encodeSyncStep1(Y.encodeStateVector(roomDoc.doc)));
    const presence = this.presence.snapshot(roomDoc);
    if (presence) connection.send(presence);
    connection.attach((conn, frame) => this.handleFrame(conn, frame));
  }

  private detach(connection: Connection): void {
    const roomDoc = this.docs[connection.identity.docName];
    if (!roomDoc.connections.delete(connection)) return;
    this.presence.release(connection, roomDoc);
    this.onDetach?.(this);
  }

  /** Set by the SyncServer to learn when a room empties. */
  onDetach: ((room: Room) => void) | null = null;

  /**
   * Handles one frame from a client. Synchronous except for a sync step 1, which waits for
   * storage and returns that wait: the connection holds its later frames until it is over, so
   * order is kept, while updates and presence, nearly every frame, cost no promise and no trip
   * through the microtask queue (Connection runs frames back to back until a handler returns one).
   */
  handleFrame(connection: Connection, frame: Uint8Array): Promise<void> | void {
    const roomDoc = this.docs[connection.identity.docName];
    try {
      const message = decodeClientMessage(frame);
      switch (message.type) {
        case 'sync-step1':
          return this.answerSyncStep1(connection, roomDoc, message.stateVector);
        case 'sync-step2':
          this.applyClientUpdate(connection, roomDoc, message.update);
          this.afterSyncAnswer(connection, roomDoc);
          return;
        case 'sync-update':
          this.applyClientUpdate(connection, roomDoc, message.update);
          return;
        case 'awareness':
          if (message.oversized > 0) this.options.metrics.presenceDropped('too-large', message.oversized);
          this.presence.applyFromClient(connection, roomDoc, message.entries);
          return;
        case 'query-awareness': {
          const presence = this.presence.snapshot(roomDoc);
          if (presence) connection.send(presence);
          return;
        }
      }
    } catch (error) {
      this.rejectMalformed(connection, roomDoc, error);
    }
  }

  private async answerSyncStep1(connection: Connection, roomDoc: RoomDoc, stateVector: Uint8Array): Promise<void> {
    // Answer only with what is already stored, so a client never receives an update that a
    // crash could still take back.
    await this.flush();
    try {
      connection.send(this.syncStep2For(roomDoc, stateVector));
    } catch (error) {
      this.rejectMalformed(connection, roomDoc, error);
    }
  }

  /**
   * A client's update is checked before anything else happens to it (DESIGN.md section 2): one
   * that breaks a rule or a cap is applied nowhere, stored nowhere and relayed to no one, and its
   * connection is closed with the refusal's code. An honest client then starts again from what
   * the server holds.
   */
  private applyClientUpdate(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): void {
    if (connection.closed) return;
    const refused = this.checkClientUpdate(connection, roomDoc, update);
    if (refused?.reason === 'missing-history' && !connection.answeredSync) {
      this.waitForSyncAnswer(connection, roomDoc, update);
      return;
    }
    if (refused) {
      this.refuse(connection, roomDoc, refused);
      return;
    }
    Y.applyUpdate(roomDoc.doc, update, connection);
    const store = roomDoc.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // The inspector refuses updates with missing history, so this is a bug, not a client's
      // doing; still, what Yjs keeps pending would go out in every later sync. Never keep it.
      this.options.logger.error({ roomId: this.id, doc: roomDoc.name }, 'an accepted update left changes pending; dropping them');
      store.pendingStructs = null;
      store.pendingDs = null;
    }
  }

  /**
   * A client coming back online sends what it wrote offline in its answer to our sync step 1,
   * but a change it makes in the meantime can reach us first, building on that offline work.
   * Such an update waits, on its connection only and never in the document, until the answer
   * has come; a connection that piles up more than a reconnection could is closed.
   */
  private waitForSyncAnswer(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): void {
    connection.waitingForSync.push(update);
    connection.waitingForSyncBytes += update.byteLength;
    if (connection.waitingForSync.length > MAX_WAITING_FOR_SYNC || connection.waitingForSyncBytes > MAX_WAITING_FOR_SYNC_BYTES) {
      this.refuse(connection, roomDoc, { closeCode: CloseCode.Forbidden, reason: 'missing-history', message: BOARD_REFUSAL_MESSAGES['missing-history'] });
    }
  }

  /** The client's answer to our sync step 1 is in: what waited for it is checked again, in order. */
  private afterSyncAnswer(connection: Connection, roomDoc: RoomDoc): void {
    connection.answeredSync = true;
    const waiting = connection.waitingForSync.splice(0);
    connection.waitingForSyncBytes = 0;
    for (const update of waiting) this.applyClientUpdate(connection, roomDoc, update);
  }

  private checkClientUpdate(connection: Connection, roomDoc: RoomDoc, update: Uint8Array): WriteRefusal | null {
    // A full room still lets people in: a stock client's answer to our sync step 1 changes nothing.
    if (this.wouldOverflow(roomDoc.name, update.byteLength) && !changesNothing(roomDoc.doc, update)) {
      // Compaction may free what overwritten and deleted content still holds in the log.
      if (roomDoc.logSize > 0) this.persistence.scheduleCompaction(roomDoc);
      return { closeCode: CloseCode.TooLarge, reason: 'room-full', message: BOARD_REFUSAL_MESSAGES['room-full'] };
    }
    const context = { room: this, connection, docName: roomDoc.name };
    for (const extension of this.options.extensions) {
      const refused = extension.checkUpdate?.(context, update);
      if (refused) return refused;
    }
    return null;
  }

  private refuse(connection: Connection, roomDoc: RoomDoc, refused: WriteRefusal): void {
    this.options.metrics.writeRefused(roomDoc.name, refused.reason);
    this.options.logger.debug({ roomId: this.id, doc: roomDoc.name, reason: refused.reason }, 'update refused');
    // The close frame's reason is at most 123 bytes: the stable label first, so a client can tell
    // what happened, then as much of the plain message as fits.
    connection.close(refused.closeCode, closeReason(`${refused.reason}: ${refused.message}`));
  }

  /** A frame that is not the protocol, or an update Yjs cannot read: counted, logged, and the socket closed. */
  private rejectMalformed(connection: Connection, roomDoc: RoomDoc, error: unknown): void {
    this.options.metrics.malformed();
    this.options.logger.debug(
      { roomId: this.id, doc: roomDoc.name, err: error instanceof Error ? error.message : String(error) },
      'malformed message',
    );
    const reason = error instanceof MalformedMessageError ? error.message : 'malformed update';
    connection.close(CloseCode.Malformed, reason.slice(0, 120));
  }

  /** What a client with this state vector is missing, as a sync step 2 frame. */
  private syncStep2For(roomDoc: RoomDoc, stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(Y.encodeStateAsUpdate(roomDoc.doc, stateVector));
    roomDoc.fullSyncFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(roomDoc.doc));
    return roomDoc.fullSyncFrame;
  }

  /** Stores everything, compacts, and releases memory. Connections must already be gone. */
  async unload(): Promise<void> {
    await this.persistence.storeForUnload();
    this.destroy();
  }

  /** Closes every connection with the given code. */
  closeAll(code: number, reason: string): void {
    for (const name of DOC_NAMES) {
      for (const connection of [...this.docs[name].connections]) connection.close(code, reason);
    }
  }

  destroy(): void {
    this.released = true;
    this.link.close();
    for (const name of DOC_NAMES) {
      this.presence.destroy(this.docs[name]);
      this.docs[name].awareness.destroy();
      this.docs[name].doc.destroy();
    }
  }
}

/** Cuts a close reason to the 123 bytes a websocket close frame can carry, on a character boundary. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** A state vector that knows no client: the encoding of an empty map (one varuint 0). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 0 || (stateVector.byteLength === 1 && stateVector[0] === 0);
}
