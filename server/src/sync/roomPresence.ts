import { applyAwarenessUpdate, encodeAwarenessUpdate as encodeAwarenessStates, removeAwarenessStates } from 'y-protocols/awareness';
import { REMOTE_ORIGIN } from '@tributary/shared/origins';
import { CloseCode, type DocName, type Role } from '@tributary/shared/protocol';
import type { Connection } from './connection.ts';
import type { RoomView, SyncExtension } from './hooks.ts';
import { MAX_REFUSED_PRESENCE_CLAIMS, releasePresence, sortPresence } from './presenceClaims.ts';
import { decodeAwarenessUpdate, encodeAwarenessFrame, encodeAwarenessUpdate, type AwarenessEntry } from './protocol.ts';
import type { SyncMetrics } from './reporting.ts';
import type { RoomDoc } from './roomDoc.ts';
import type { RoomLink } from './roomLink.ts';

/** 50 ms: below what a person notices in a moving cursor, and at most 20 frames a second per room. */
export const AWARENESS_FLUSH_MS = 50;

/**
 * Most entries in one presence frame or bus message the server sends. Stock clients echo every
 * frame back, and the server refuses a message of more than MAX_AWARENESS_ENTRIES (2048,
 * protocol.ts), so any size up to that is safe; 64 keeps each frame small.
 */
const AWARENESS_ENTRIES_PER_FRAME = 64;

export interface RoomPresenceOptions {
  /** The room's extensions, in priority order: their filterAwareness hooks rewrite presence. */
  extensions: readonly SyncExtension[];
  metrics: SyncMetrics;
  /** Presence coalescing window; default AWARENESS_FLUSH_MS. */
  awarenessFlushMs?: number;
}

/** What presence needs from its room. */
export interface PresenceRoom extends RoomView {
  readonly destroyed: boolean;
}

/**
 * The presence (awareness) of a room's documents: what clients may publish (presenceClaims.ts),
 * the extensions' filters run on the way in and again on the way out, changes batched into one
 * frame for everyone, and presence shared with the other processes serving the room. Presence
 * is never stored.
 */
export class RoomPresence {
  constructor(
    private readonly room: PresenceRoom,
    private readonly link: RoomLink,
    private readonly options: RoomPresenceOptions,
  ) {}

  /** Starts batching a document's presence changes for broadcast. */
  watch(roomDoc: RoomDoc): void {
    roomDoc.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        for (const id of added) roomDoc.awarenessChanged.add(id);
        for (const id of updated) roomDoc.awarenessChanged.add(id);
        for (const id of removed) roomDoc.awarenessChanged.add(id);
        this.scheduleBroadcast(roomDoc);
      },
    );
  }

  /**
   * Presence is coalesced: relaying every change to every connection at once is n² frames in a
   * big room (and stock clients echo each one back). Changes gathered over a short window go
   * out as one frame, the same bytes for everyone.
   */
  private scheduleBroadcast(roomDoc: RoomDoc): void {
    if (roomDoc.awarenessTimer || roomDoc.awarenessChanged.size === 0 || this.room.destroyed) return;
    const windowMs = this.options.awarenessFlushMs ?? AWARENESS_FLUSH_MS;
    const flush = () => {
      roomDoc.awarenessTimer = null;
      roomDoc.lastAwarenessBroadcast = Date.now();
      this.broadcast(roomDoc);
    };
    // Leading edge: in a quiet room a change goes out at once (this turn's other changes
    // with it); only when broadcasts follow each other closely do changes wait for the
    // window, so presence is prompt when calm and bounded when busy.
    const wait = Math.max(0, roomDoc.lastAwarenessBroadcast + windowMs - Date.now());
    roomDoc.awarenessTimer = setTimeout(flush, wait);
  }

  private broadcast(roomDoc: RoomDoc): void {
    if (this.room.destroyed) return;
    // Removed clients keep their meta (with a newer clock), so their removal is encoded too.
    const changed = [...roomDoc.awarenessChanged].filter((id) => roomDoc.awareness.meta.has(id));
    roomDoc.awarenessChanged.clear();
    if (changed.length === 0 || roomDoc.connections.size === 0) return;
    for (let i = 0; i < changed.length; i += AWARENESS_ENTRIES_PER_FRAME) {
      const ids = changed.slice(i, i + AWARENESS_ENTRIES_PER_FRAME);
      const frame = encodeAwarenessFrame(encodeAwarenessStates(roomDoc.awareness, ids));
      // Everyone, the sender included: stock clients treat silence as a dead connection.
      for (const connection of roomDoc.connections) connection.send(frame);
    }
  }

  /** A client's presence message: claimed, filtered, applied, and shared with the other processes. */
  applyFromClient(connection: Connection, roomDoc: RoomDoc, received: AwarenessEntry[]): void {
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
    const entries = this.runFilters(connection, accepted);
    if (entries.length === 0) return;
    const update = encodeAwarenessUpdate(entries);
    // y-protocols' applyAwarenessUpdate keeps clocks and timeouts, and emits 'update' with this origin.
    applyAwarenessUpdate(roomDoc.awareness, update, connection);
    if (this.link.distributed) this.link.publishAwareness(roomDoc.name, update);
  }

  /** A connection closed: its presence is removed, here and on the other processes. */
  release(connection: Connection, roomDoc: RoomDoc): void {
    const gone = releasePresence(roomDoc, connection);
    if (gone.length === 0) return;
    removeAwarenessStates(roomDoc.awareness, gone, null);
    if (!this.link.distributed) return;
    // The removals (null states with newer clocks), for the other processes' clients.
    for (let i = 0; i < gone.length; i += AWARENESS_ENTRIES_PER_FRAME) {
      this.link.publishAwareness(roomDoc.name, encodeAwarenessStates(roomDoc.awareness, gone.slice(i, i + AWARENESS_ENTRIES_PER_FRAME)));
    }
  }

  /** Another process asks for the presence held here: ours goes out over the bus. */
  answerQuery(roomDoc: RoomDoc): void {
    const entries = this.localPresence(roomDoc);
    for (let i = 0; i < entries.length; i += AWARENESS_ENTRIES_PER_FRAME) {
      this.link.publishAwareness(roomDoc.name, encodeAwarenessUpdate(entries.slice(i, i + AWARENESS_ENTRIES_PER_FRAME)));
    }
  }

  /** Presence from another process, for people connected there. */
  applyRemote(roomDoc: RoomDoc, update: Uint8Array): void {
    // Filtered by the process its owner is connected to, and again here: that process may not
    // yet know that the step turned anonymous, and what we relay must follow our rules. A client
    // id one of our own connections speaks for stays theirs: another process cannot speak for it.
    const received = decodeAwarenessUpdate(update).filter((entry) => !roomDoc.owners.has(entry.clientId));
    const entries = this.filterAsRemote(roomDoc.name, received);
    if (entries.length === 0) return;
    for (const entry of entries) roomDoc.remoteClients.add(entry.clientId);
    applyAwarenessUpdate(roomDoc.awareness, encodeAwarenessUpdate(entries), REMOTE_ORIGIN);
  }

  /**
   * Everyone's current presence as one awareness frame, passed again through the extensions'
   * filters with each state's owner: rules that changed since a state was published (a step
   * turned anonymous) apply to what newcomers receive.
   */
  snapshot(roomDoc: RoomDoc): Uint8Array | null {
    const entries = this.localPresence(roomDoc);
    entries.push(...this.remotePresence(roomDoc));
    return entries.length > 0 ? encodeAwarenessFrame(encodeAwarenessUpdate(entries)) : null;
  }

  /** Stops the pending broadcasts. */
  destroy(roomDoc: RoomDoc): void {
    if (roomDoc.awarenessTimer) clearTimeout(roomDoc.awarenessTimer);
    roomDoc.awarenessTimer = null;
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
      if (own.length > 0) entries.push(...this.runFilters(owner, own));
    }
    return entries;
  }

  /** Presence of people connected to other processes, filtered as theirs (filterAsRemote). */
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
      const standIn = { identity: { role, roomId: this.room.id, docName, participantId: null } } as unknown as Connection;
      out.push(...this.runFilters(standIn, byRole[role]));
    }
    return out;
  }

  private runFilters(connection: Connection, entries: AwarenessEntry[]): AwarenessEntry[] {
    let result = entries;
    for (const extension of this.options.extensions) {
      if (extension.filterAwareness) result = extension.filterAwareness({ room: this.room, connection }, result);
    }
    return result;
  }
}

/** The role stamped on a state by its owner's process; anything unknown counts as a participant. */
function remoteRole(stamped: unknown): Role {
  return stamped === 'facilitator' || stamped === 'presenter' ? stamped : 'participant';
}
