import * as Y from 'yjs';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate as encodeAwarenessStates,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import { BOARD_REFUSAL_MESSAGES, CloseCode, DOC_NAMES, REMOTE_ORIGIN, REMOVED_REASON, SERVER_ORIGIN, STORAGE_ORIGIN, type DocName, type Role } from '@tributary/shared';
import type { Storage, StoredDoc } from '../storage/types.ts';
import { LocalRoomBus, type BusMessage, type RoomBus } from './bus.ts';
import type { Connection } from './connection.ts';
import type { RoomView, SyncExtension, WriteRefusal } from './hooks.ts';
import { MAX_REFUSED_PRESENCE_CLAIMS, releasePresence, sortPresence } from './presenceClaims.ts';
import { changesNothing } from './updateInspector.ts';
import {
  MalformedMessageError,
  decodeAwarenessUpdate,
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
  /** A client's update was refused (hooks' checkUpdate, or a size cap), by reason. */
  writeRefused(docName: DocName, reason: string): void;
  malformed(): void;
  storageFailure(): void;
  /** Presence entries dropped: `too-large` states, or `too-many-ids` for one connection. */
  presenceDropped(reason: 'too-large' | 'too-many-ids', count: number): void;
}

export interface RoomOptions {
  storage: Storage;
  extensions: readonly SyncExtension[];
  logger: Logger;
  metrics: SyncMetrics;
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

/** 32 MiB: a 300-person conference board is a few megabytes; this stops a flood long before storage suffers. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Updates one connection may send before answering our sync step 1 that build on that answer. */
const MAX_WAITING_FOR_SYNC = 200;
const MAX_WAITING_FOR_SYNC_BYTES = 1024 * 1024;

/** 50 ms: below what a person notices in a moving cursor, and at most 20 frames a second per room. */
export const AWARENESS_FLUSH_MS = 50;
/** As many client ids as the server itself accepts in one awareness message (protocol.ts). */
const AWARENESS_ENTRIES_PER_FRAME = 64;

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
  /** Bytes the document takes in storage: its snapshot and the updates logged after it. */
  storedBytes = 0;
  /** Client ids whose presence came from other server processes (over the bus). */
  remoteClients = new Set<number>();
  /** Client id → the connection of this process that speaks for it (presenceClaims.ts). */
  readonly owners = new Map<number, Connection>();
  /** Presence that changed since the last awareness broadcast, and the timer that sends it. */
  awarenessChanged = new Set<number>();
  awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  lastAwarenessBroadcast = 0;
  /**
   * The whole document as a sync step 2 frame, for clients that arrive with nothing (a new
   * phone, or the 300 people of a conference joining at once): encoded once per version of the
   * document instead of once per joiner. Dropped on every change.
   */
  fullSyncFrame: Uint8Array | null = null;

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
  private readonly bus: RoomBus;
  private readonly onBusMessage = (message: BusMessage): void => this.applyRemote(message);

  constructor(
    readonly id: string,
    private readonly options: RoomOptions,
  ) {
    this.bus = options.bus ?? new LocalRoomBus();
    this.docs = { board: new RoomDoc('board'), control: new RoomDoc('control') };
    for (const name of DOC_NAMES) this.wire(this.docs[name]);
  }

  private wire(roomDoc: RoomDoc): void {
    roomDoc.doc.on('update', (update: Uint8Array, origin: unknown) => {
      roomDoc.fullSyncFrame = null;
      if (origin === STORAGE_ORIGIN || this.destroyed) return;
      if (origin === REMOTE_ORIGIN) {
        // Already stored by another process (or read back from storage): relay, never store again.
        if (roomDoc.connections.size === 0) return;
        const frame = encodeSyncUpdate(update);
        for (const connection of roomDoc.connections) connection.send(frame);
        return;
      }
      roomDoc.pending.push({ update, origin });
      this.scheduleFlush();
    });
    roomDoc.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        for (const id of added) roomDoc.awarenessChanged.add(id);
        for (const id of updated) roomDoc.awarenessChanged.add(id);
        for (const id of removed) roomDoc.awarenessChanged.add(id);
        this.scheduleAwarenessBroadcast(roomDoc);
      },
    );
  }

  /**
   * Presence is coalesced: relaying every change to every connection at once is n² frames in a
   * big room (and stock clients echo each one back). Changes gathered over a short window go
   * out as one frame, the same bytes for everyone.
   */
  private scheduleAwarenessBroadcast(roomDoc: RoomDoc): void {
    if (roomDoc.awarenessTimer || roomDoc.awarenessChanged.size === 0 || this.destroyed) return;
    const windowMs = this.options.awarenessFlushMs ?? AWARENESS_FLUSH_MS;
    const flush = () => {
      roomDoc.awarenessTimer = null;
      roomDoc.lastAwarenessBroadcast = Date.now();
      this.broadcastAwareness(roomDoc);
    };
    // Leading edge: in a quiet room a change goes out at once (this turn's other changes
    // with it); only when broadcasts follow each other closely do changes wait for the
    // window, so presence is prompt when calm and bounded when busy.
    const wait = Math.max(0, roomDoc.lastAwarenessBroadcast + windowMs - Date.now());
    roomDoc.awarenessTimer = setTimeout(flush, wait);
  }

  private broadcastAwareness(roomDoc: RoomDoc): void {
    if (this.destroyed) return;
    // Removed clients keep their meta (with a newer clock), so their removal is encoded too.
    const changed = [...roomDoc.awarenessChanged].filter((id) => roomDoc.awareness.meta.has(id));
    roomDoc.awarenessChanged.clear();
    if (changed.length === 0 || roomDoc.connections.size === 0) return;
    // Stock clients echo back whatever they receive, and the server accepts at most 64 entries
    // in one message: send no frame that would be refused when it comes back.
    for (let i = 0; i < changed.length; i += AWARENESS_ENTRIES_PER_FRAME) {
      const ids = changed.slice(i, i + AWARENESS_ENTRIES_PER_FRAME);
      const frame = encodeAwarenessFrame(encodeAwarenessStates(roomDoc.awareness, ids));
      // Everyone, the sender included: stock clients treat silence as a dead connection.
      for (const connection of roomDoc.connections) connection.send(frame);
    }
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
    if (this.bus.distributed) this.bus.publish(this.id, 'control', 'participant-removed', new TextEncoder().encode(participantId));
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
    // Listen to other processes first: an update they store after our read below still
    // reaches us. One stored before the read and also received is merged twice, harmlessly.
    await this.bus.subscribe(this.id, this.onBusMessage);
    if (this.bus.distributed) {
      // Presence is not stored: ask the processes already serving this room for theirs.
      for (const name of DOC_NAMES) this.bus.publish(this.id, name, 'presence-query', new Uint8Array(0));
    }
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
      roomDoc.storedBytes = storedSize(stored);
    }
    for (const extension of this.options.extensions) await extension.afterLoad?.(this);
  }

  /** A message from another server process: a stored update, or presence. */
  private applyRemote(message: BusMessage): void {
    if (this.destroyed) return;
    const roomDoc = this.docs[message.docName];
    if (message.kind === 'update') {
      Y.applyUpdate(roomDoc.doc, message.payload, REMOTE_ORIGIN);
      return;
    }
    if (message.kind === 'participant-removed') {
      this.closeLocalParticipant(new TextDecoder().decode(message.payload));
      return;
    }
    if (message.kind === 'presence-query') {
      const entries = this.localPresence(roomDoc);
      // In messages of at most 64 entries, as many as decodeAwarenessUpdate accepts.
      for (let i = 0; i < entries.length; i += AWARENESS_ENTRIES_PER_FRAME) {
        this.bus.publish(this.id, roomDoc.name, 'awareness', encodeAwarenessUpdate(entries.slice(i, i + AWARENESS_ENTRIES_PER_FRAME)));
      }
      return;
    }
    // Filtered by the process its owner is connected to, and again here: that process may not
    // yet know that the step turned anonymous, and what we relay must follow our rules. A client
    // id one of our own connections speaks for stays theirs: another process cannot speak for it.
    const received = decodeAwarenessUpdate(message.payload).filter((entry) => !roomDoc.owners.has(entry.clientId));
    const entries = this.filterAsRemote(roomDoc.name, received);
    if (entries.length === 0) return;
    for (const entry of entries) roomDoc.remoteClients.add(entry.clientId);
    applyAwarenessUpdate(roomDoc.awareness, encodeAwarenessUpdate(entries), REMOTE_ORIGIN);
  }

  /** Applies what storage holds to the live document; anything new is relayed, not stored again. */
  private applyStored(roomDoc: RoomDoc, stored: StoredDoc): void {
    Y.transact(
      roomDoc.doc,
      () => {
        if (stored.snapshot) Y.applyUpdate(roomDoc.doc, stored.snapshot, REMOTE_ORIGIN);
        for (const update of stored.updates) Y.applyUpdate(roomDoc.doc, update, REMOTE_ORIGIN);
      },
      REMOTE_ORIGIN,
    );
    roomDoc.lastSeq = Math.max(roomDoc.lastSeq, stored.lastSeq);
  }

  /**
   * Several processes: brings both documents up to date with storage (what other processes
   * stored, whether or not their bus messages arrived). Facilitation commands run this under
   * the room lock, so they never act on a document that lacks another process's last change.
   * One process: nothing to do.
   */
  async catchUp(): Promise<void> {
    if (!this.bus.distributed || this.destroyed) return;
    for (const name of DOC_NAMES) {
      const stored = await this.options.storage.loadDoc(this.id, name);
      if (!this.destroyed) this.applyStored(this.docs[name], stored);
    }
  }

  /** A change made by the server itself (commands, moderation): stored and relayed like any other. */
  transactServer(name: DocName, fn: (doc: Y.Doc) => void): void {
    const doc = this.docs[name].doc;
    doc.transact(() => fn(doc), SERVER_ORIGIN);
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
    const presence = this.presenceSnapshot(roomDoc);
    if (presence) connection.send(presence);
    connection.attach((conn, frame) => this.handleFrame(conn, frame));
  }

  private detach(connection: Connection): void {
    const roomDoc = this.docs[connection.identity.docName];
    if (!roomDoc.connections.delete(connection)) return;
    const gone = releasePresence(roomDoc, connection);
    if (gone.length > 0) {
      removeAwarenessStates(roomDoc.awareness, gone, null);
      // The removals (null states with newer clocks), for the other processes' clients.
      if (this.bus.distributed) {
        for (let i = 0; i < gone.length; i += AWARENESS_ENTRIES_PER_FRAME) {
          this.bus.publish(this.id, roomDoc.name, 'awareness', encodeAwarenessStates(roomDoc.awareness, gone.slice(i, i + AWARENESS_ENTRIES_PER_FRAME)));
        }
      }
    }
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
          this.applyClientAwareness(connection, roomDoc, message.entries);
          return;
        case 'query-awareness': {
          const presence = this.presenceSnapshot(roomDoc);
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
      if (roomDoc.logSize > 0) this.scheduleCompaction(roomDoc);
      return { closeCode: CloseCode.TooLarge, reason: 'room-full', message: BOARD_REFUSAL_MESSAGES['room-full'] };
    }
    const context = { room: this, connection, docName: roomDoc.name };
    for (const extension of this.options.extensions) {
      const refused = extension.checkUpdate?.(context, update);
      if (refused) return refused;
    }
    return null;
  }

  /**
   * Whether `bytes` more would take a document past its size cap. The server's own inserts (notes
   * posted through the API) ask before writing, as client updates are checked.
   */
  wouldOverflow(name: DocName, bytes: number): boolean {
    return this.docs[name].storedBytes + bytes > (this.options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
  }

  private refuse(connection: Connection, roomDoc: RoomDoc, refused: WriteRefusal): void {
    this.options.metrics.writeRefused(roomDoc.name, refused.reason);
    this.options.logger.debug({ roomId: this.id, doc: roomDoc.name, reason: refused.reason }, 'update refused');
    // The close frame's reason is at most 123 bytes: the stable label first, so a client can tell
    // what happened, then as much of the plain message as fits.
    connection.close(refused.closeCode, closeReason(`${refused.reason}: ${refused.message}`));
  }

  private applyClientAwareness(connection: Connection, roomDoc: RoomDoc, received: AwarenessEntry[]): void {
    const { accepted, refused, behind } = sortPresence(roomDoc, connection, received);
    if (refused > 0) {
      this.options.metrics.presenceDropped('too-many-ids', refused);
      connection.presenceRefused += refused;
      if (connection.presenceRefused > MAX_REFUSED_PRESENCE_CLAIMS) {
        connection.close(CloseCode.RateLimited, 'presence sent for more people than one device');
        return;
      }
    }
    if (behind.length > 0) connection.send(encodeAwarenessFrame(encodeAwarenessStates(roomDoc.awareness, behind)));
    const entries = this.runAwarenessFilters(connection, accepted);
    if (entries.length === 0) return;
    // y-protocols' applyAwarenessUpdate keeps clocks and emits 'update' with this origin.
    applyAwareness(roomDoc.awareness, entries, connection);
    if (this.bus.distributed) this.bus.publish(this.id, roomDoc.name, 'awareness', encodeAwarenessUpdate(entries));
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

  /**
   * Everyone's current presence as one awareness frame, passed again through the extensions'
   * filters with each state's owner: rules that changed since a state was published (a step
   * turned anonymous) apply to what newcomers receive.
   */
  private presenceSnapshot(roomDoc: RoomDoc): Uint8Array | null {
    const entries = this.localPresence(roomDoc);
    entries.push(...this.remotePresence(roomDoc));
    return entries.length > 0 ? encodeAwarenessFrame(encodeAwarenessUpdate(entries)) : null;
  }

  /** Presence of the people connected to this process, through the filters as they are now. */
  private localPresence(roomDoc: RoomDoc): AwarenessEntry[] {
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
    return entries;
  }

  /**
   * Presence of people connected to other processes. Their owners are not here, so the filters
   * run against a stand-in with the role their own process stamped on the state (only a
   * facilitator's state says 'facilitator'; anything else is treated as a participant's).
   */
  private remotePresence(roomDoc: RoomDoc): AwarenessEntry[] {
    if (roomDoc.remoteClients.size === 0) return [];
    const entries: AwarenessEntry[] = [];
    for (const clientId of roomDoc.remoteClients) {
      const state = roomDoc.awareness.getStates().get(clientId);
      const meta = roomDoc.awareness.meta.get(clientId);
      if (!state || !meta) {
        // Gone (removed by its process, or timed out after 30 s without renewal).
        roomDoc.remoteClients.delete(clientId);
        continue;
      }
      entries.push({ clientId, clock: meta.clock, state: state as Record<string, unknown> });
    }
    return this.filterAsRemote(roomDoc.name, entries);
  }

  /**
   * Runs the presence filters over states whose owners are connected to another process, with a
   * stand-in for the owner carrying the role stamped on the state (only a facilitator's or a
   * presenter's state says so; anything else is treated as a participant's). Removals pass as they are.
   */
  private filterAsRemote(docName: DocName, entries: AwarenessEntry[]): AwarenessEntry[] {
    const byRole: Record<Role, AwarenessEntry[]> = { facilitator: [], participant: [], presenter: [] };
    for (const entry of entries) byRole[remoteRole(entry.state?.role)].push(entry);
    const out: AwarenessEntry[] = [];
    for (const role of ['facilitator', 'participant', 'presenter'] as const) {
      if (byRole[role].length === 0) continue;
      const standIn = { identity: { role, roomId: this.id, docName, participantId: null } } as unknown as Connection;
      out.push(...this.runAwarenessFilters(standIn, byRole[role]));
    }
    return out;
  }

  private runAwarenessFilters(connection: Connection, entries: AwarenessEntry[]): AwarenessEntry[] {
    let result = entries;
    for (const extension of this.options.extensions) {
      if (extension.filterAwareness) result = extension.filterAwareness({ room: this, connection }, result);
    }
    return result;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Group every update of this event-loop turn into one storage write, and every room's
    // write of the turn into one callback, so storage can commit them together.
    flushAtEndOfTurn(this);
  }

  /** Called by the turn's shared flush (flushAtEndOfTurn). */
  flushScheduledWrites(): void {
    this.flushScheduled = false;
    void this.flush();
  }

  /**
   * True from a failed save until the next successful one: changes are waiting in memory and
   * will be retried. The room must not be unloaded, and actions that promised to store must fail.
   */
  storageFailing = false;

  /**
   * Like flush, but rejects when storage is failing, so a command that depends on its change
   * being stored (a reveal that then deletes the held notes) stops instead of reporting success.
   */
  async flushStrict(): Promise<void> {
    await this.flush();
    if (this.storageFailing) throw new NotStoredError();
  }

  /** After the room was deleted elsewhere: drop what can no longer be stored, close everyone. */
  private forgetDeleted(): void {
    for (const name of DOC_NAMES) this.docs[name].pending = [];
    this.storageFailing = false;
    this.closeAll(CloseCode.RoomDeleted, 'room deleted');
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
        this.storageFailing = true;
        this.options.metrics.storageFailure();
        if (this.destroyed) return;
        if ((await this.options.storage.getRoom(this.id).catch(() => undefined)) === null) {
          // The room was deleted (by another process, or the retention sweep): its writes can
          // never be stored. Say so to everyone still here and keep nothing.
          this.options.logger.warn({ roomId: this.id }, 'room deleted while in use; closing its connections');
          this.forgetDeleted();
          return;
        }
        this.options.logger.error({ roomId: this.id, doc: name, err: String(error) }, 'storing updates failed; will retry');
        const delay = this.retryDelayMs;
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
        setTimeout(() => void this.flush(), delay).unref();
        return;
      }
      this.retryDelayMs = 100;
      this.storageFailing = false;
      roomDoc.logSize += batch.length;
      for (const pending of batch) roomDoc.storedBytes += pending.update.byteLength;
      this.options.metrics.updateStored(name, batch.length);
      if (roomDoc.connections.size > 0 || this.bus.distributed) {
        const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update));
        // Stored first, then told to the other processes, as to our own clients.
        this.bus.publish(this.id, name, 'update', merged, roomDoc.lastSeq);
        this.relay(roomDoc, batch, merged);
      }
      if (roomDoc.logSize >= this.options.compactAfterUpdates || roomDoc.storedBytes > (this.options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES) / 2) {
        this.scheduleCompaction(roomDoc);
      }
    }
    const now = Date.now();
    if (now - this.lastTouched > 60_000) {
      this.lastTouched = now;
      await this.options.storage.touchRoom(this.id, now).catch(() => undefined);
    }
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
      if (this.bus.distributed) {
        const stored = await this.options.storage.loadDoc(this.id, roomDoc.name);
        if (this.destroyed) return;
        this.applyStored(roomDoc, stored);
        uptoSeq = stored.lastSeq;
      }
      const snapshot = Y.encodeStateAsUpdate(roomDoc.doc);
      await this.options.storage.compact(this.id, roomDoc.name, snapshot, uptoSeq);
      roomDoc.logSize = 0;
      roomDoc.storedBytes = snapshot.byteLength;
    } catch (error) {
      this.options.logger.warn({ roomId: this.id, doc: roomDoc.name, err: String(error) }, 'compaction failed; the log is kept');
    }
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
    void this.bus.unsubscribe(this.id, this.onBusMessage).catch(() => undefined);
    for (const name of DOC_NAMES) {
      const timer = this.docs[name].awarenessTimer;
      if (timer) clearTimeout(timer);
      this.docs[name].awarenessTimer = null;
      this.docs[name].awareness.destroy();
      this.docs[name].doc.destroy();
    }
  }
}

/** Applies the accepted awareness entries through y-protocols, which keeps clocks and timeouts. */
function applyAwareness(awareness: Awareness, entries: AwarenessEntry[], origin: Connection): void {
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(entries), origin);
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

const roomsToFlush = new Set<Room>();
let turnFlushScheduled = false;

/**
 * One setImmediate for every room with writes this turn. Their appends then reach storage in
 * the same microtask drain, which SQLite commits as one transaction (SqliteStorage's group
 * commit) instead of one per room.
 */
function flushAtEndOfTurn(room: Room): void {
  roomsToFlush.add(room);
  if (turnFlushScheduled) return;
  turnFlushScheduled = true;
  setImmediate(() => {
    turnFlushScheduled = false;
    const rooms = [...roomsToFlush];
    roomsToFlush.clear();
    for (const each of rooms) each.flushScheduledWrites();
  });
}

function storedSize(stored: StoredDoc): number {
  let bytes = stored.snapshot?.byteLength ?? 0;
  for (const update of stored.updates) bytes += update.byteLength;
  return bytes;
}

/** Cuts a close reason to the 123 bytes a websocket close frame can carry, on a character boundary. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** The role stamped on a state by its owner's process; anything unknown counts as a participant. */
function remoteRole(stamped: unknown): Role {
  return stamped === 'facilitator' || stamped === 'presenter' ? stamped : 'participant';
}

/** A state vector that knows no client: the encoding of an empty map (one varuint 0). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 0 || (stateVector.byteLength === 1 && stateVector[0] === 0);
}
