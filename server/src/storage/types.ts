import type { DocName, Role } from '@tributary/shared';

export interface RoomRecord {
  id: string;
  title: string;
  template: string | null;
  joinCode: string;
  createdAt: number;
  lastActiveAt: number;
}

/** A bearer token, known to the server only by its hash. */
export interface TokenRecord {
  hash: string;
  roomId: string;
  role: Role;
  /** Participants: the opaque id their named notes carry. */
  participantId: string | null;
  /** Participants: the name they chose to show, if any. */
  name: string | null;
  createdAt: number;
}

/** What storage holds of one live document: a snapshot (if compacted) and the log after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the newest stored update (0 when nothing is stored). */
  lastSeq: number;
}

/**
 * Everything the server keeps. Async so that PostgreSQL can stand in for SQLite without
 * changing callers. Implementations must make `appendUpdates` durable before resolving:
 * the sync core relays an update to other clients only after it resolves.
 */
export interface Storage {
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(roomId: string): Promise<RoomRecord | null>;
  findRoomByJoinCode(joinCode: string): Promise<RoomRecord | null>;
  touchRoom(roomId: string, at: number): Promise<void>;
  renameRoom(roomId: string, title: string): Promise<void>;
  /** Removes the room and every row that belongs to it, in one transaction. */
  deleteRoom(roomId: string): Promise<void>;
  /** Rooms whose last activity is older than `before` (epoch ms). */
  listIdleRooms(before: number): Promise<string[]>;

  addToken(token: TokenRecord): Promise<void>;
  findToken(hash: string): Promise<TokenRecord | null>;

  loadDoc(roomId: string, doc: DocName): Promise<StoredDoc>;
  /** Appends updates in order, durably; resolves with the sequence number of the last one. */
  appendUpdates(roomId: string, doc: DocName, updates: readonly Uint8Array[]): Promise<number>;
  /** Replaces every update up to and including `uptoSeq` with one snapshot. */
  compact(roomId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void>;

  close(): Promise<void>;
}

export class JoinCodeTakenError extends Error {
  constructor() {
    super('join code already in use');
    this.name = 'JoinCodeTakenError';
  }
}
