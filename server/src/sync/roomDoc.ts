import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { DocName } from '@tributary/shared/protocol';
import type { Connection } from './connection.ts';

/** A change accepted into the live document and not yet stored; `origin` is who made it. */
export interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/**
 * One live document of a room and everything the room's parts keep about it: its sockets, its
 * presence (RoomPresence), and where it stands in storage (RoomPersistence).
 */
export class RoomDoc {
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
