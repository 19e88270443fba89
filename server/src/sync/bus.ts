import type { DocName } from '@tributary/shared/protocol';

/**
 * `update`: a stored Yjs update. `awareness`: presence changes. `presence-query`: a process that
 * just loaded the room asks the others for the presence they hold (empty payload); they answer
 * with `awareness`. `participant-removed`: the facilitator removed a participant (payload: their
 * participant id, UTF-8); every process closes that person's sockets.
 */
export type BusKind = 'update' | 'awareness' | 'presence-query' | 'participant-removed';

/** One message between server processes about one document of a room. */
export interface BusMessage {
  docName: DocName;
  kind: BusKind;
  /** A Yjs update (already stored by the sender) or a y-protocols awareness update. */
  payload: Uint8Array;
  /** For updates: the storage sequence number of the last update merged into `payload`. */
  seq?: number;
}

export type BusHandler = (message: BusMessage) => void;

/**
 * How server processes serving the same rooms tell each other about changes (docs/SCALING.md).
 * A process never receives its own messages. Delivery is best effort (Redis pub/sub): a room
 * catches up from storage when the bus reconnects (`onReconnect`), and before facilitation
 * commands and compactions, so nothing depends on every message arriving.
 */
export interface RoomBus {
  /** True when other processes may serve the same rooms (then rooms catch up from storage). */
  readonly distributed: boolean;
  publish(roomId: string, docName: DocName, kind: BusKind, payload: Uint8Array, seq?: number): void;
  /** Resolves once messages for the room are being received. */
  subscribe(roomId: string, handler: BusHandler): Promise<void>;
  unsubscribe(roomId: string, handler: BusHandler): Promise<void>;
  /**
   * Called after the bus lost its connection and got it back: messages in between are gone,
   * so every room should reload what it missed from storage.
   */
  onReconnect(listener: () => void): void;
  /** Rejects when the bus cannot be reached (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One process: every room has exactly one Room object, so there is nobody to tell. */
export class LocalRoomBus implements RoomBus {
  readonly distributed = false;
  publish(): void {}
  async subscribe(): Promise<void> {}
  async unsubscribe(): Promise<void> {}
  onReconnect(): void {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
