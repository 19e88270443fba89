import * as Y from 'yjs';
import { REMOTE_ORIGIN, SERVER_ORIGIN, STORAGE_ORIGIN } from '@tributary/shared/origins';
import { CloseCode, DOC_NAMES, REMOVED_REASON, type DocName } from '@tributary/shared/protocol';
import type { Storage } from '../storage/types.ts';
import { LocalRoomBus, type RoomBus } from './bus.ts';
import { ClientFrames } from './clientFrames.ts';
import type { Connection } from './connection.ts';
import type { GroupCommit } from './groupCommit.ts';
import type { RoomView, SyncExtension } from './hooks.ts';
import { encodeSyncStep1, encodeSyncUpdate } from './protocol.ts';
import type { Logger, SyncMetrics } from './reporting.ts';
import { RoomDoc, type PendingUpdate } from './roomDoc.ts';
import { RoomLink } from './roomLink.ts';
import { RoomPersistence } from './roomPersistence.ts';
import { RoomPresence } from './roomPresence.ts';

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

/**
 * A room: its two documents loaded in memory, and the sockets attached to them. This is the
 * object the rest of the server talks to; it keeps the connections and hands the work to its parts:
 * - ClientFrames: what each client sends (sync steps, updates checked before they are applied);
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
  private readonly frames: ClientFrames;

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
    this.frames = new ClientFrames(this, { persistence: this.persistence, presence: this.presence }, options);
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
    this.persistence.noteUse();
    connection.onClose(() => this.detach(connection));
    // Open the handshake: our state vector, and everyone's presence.
    connection.send(encodeSyncStep1(Y.encodeStateVector(roomDoc.doc)));
    const presence = this.presence.snapshot(roomDoc);
    if (presence) connection.send(presence);
    connection.attach((conn, frame) => this.frames.handle(conn, frame));
  }

  private detach(connection: Connection): void {
    const roomDoc = this.docs[connection.identity.docName];
    if (!roomDoc.connections.delete(connection)) return;
    this.presence.release(connection, roomDoc);
    this.onDetach?.(this);
  }

  /** Set by the SyncServer to learn when a room empties. */
  onDetach: ((room: Room) => void) | null = null;


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
