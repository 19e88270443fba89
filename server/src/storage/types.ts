import type { NoteFields } from '@tributary/shared/board/note';
import type { DocName, Role } from '@tributary/shared/protocol';
import type { ImageStore } from './images.ts';
import type { MethodLibraryStore } from './methodLibraries.ts';
import type { ResultsStore } from './publishedResults.ts';

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
  /** When the facilitator removed this participant (epoch ms); a revoked token opens nothing. */
  revokedAt: number | null;
}

/** A token as it is first stored: nobody has revoked it yet. */
export type NewToken = Omit<TokenRecord, 'revokedAt'>;

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
  /** Facilitators' own methods (methodLibraries.ts): not room data, kept apart from the rooms. */
  readonly libraries: MethodLibraryStore;
  /** The pictures on notes (images.ts). */
  readonly images: ImageStore;
  /** The published "what we said" pages (publishedResults.ts). */
  readonly results: ResultsStore;

  createRoom(room: RoomRecord): Promise<void>;
  getRoom(roomId: string): Promise<RoomRecord | null>;
  findRoomByJoinCode(joinCode: string): Promise<RoomRecord | null>;
  touchRoom(roomId: string, at: number): Promise<void>;
  renameRoom(roomId: string, title: string): Promise<void>;
  /** Removes the room and every row that belongs to it, in one transaction. */
  deleteRoom(roomId: string): Promise<void>;
  /** Rooms whose last activity is older than `before` (epoch ms). */
  listIdleRooms(before: number): Promise<string[]>;

  /**
   * Stores a token. A token already stored under the same hash is kept as it is (revoked or not):
   * tokens derived from a device key are the same on every join from that device.
   */
  addToken(token: NewToken): Promise<void>;
  /**
   * Everyone who joined the room as a participant and was not removed, oldest first, with the
   * name they chose (if any).
   */
  listParticipants(roomId: string): Promise<Array<{ participantId: string; name: string | null }>>;
  findToken(hash: string): Promise<TokenRecord | null>;
  /**
   * Revokes every token of one participant of the room (the first revocation time is kept).
   * Resolves with how many tokens that participant has, 0 when there is no such participant.
   */
  revokeParticipant(roomId: string, participantId: string, at: number): Promise<number>;

  loadDoc(roomId: string, doc: DocName): Promise<StoredDoc>;
  /**
   * Appends updates in order, durably; resolves with the sequence number of the last one.
   * Calls from one process to one document commit in call order (a later call gets a higher seq).
   */
  appendUpdates(roomId: string, doc: DocName, updates: readonly Uint8Array[]): Promise<number>;
  /**
   * Replaces every update up to and including `uptoSeq` with one snapshot. A stored snapshot
   * that already covers more (another process compacted further) is kept.
   */
  compact(roomId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void>;

  putHeldNote(note: HeldNote): Promise<void>;
  getHeldNote(roomId: string, noteId: string): Promise<HeldNote | null>;
  listHeldNotes(roomId: string, state: HeldNote['state']): Promise<HeldNote[]>;
  deleteHeldNotes(roomId: string, noteIds: readonly string[]): Promise<void>;

  /** The room's word filter as the facilitator set it, or null when they never changed it. Deleted with the room. */
  getWordFilter(roomId: string): Promise<StoredWordFilter | null>;
  putWordFilter(roomId: string, filter: StoredWordFilter): Promise<void>;

  /** The hash of the edit key of a note on the board (posted through the API). */
  setNoteKey(roomId: string, noteId: string, keyHash: string): Promise<void>;
  getNoteKey(roomId: string, noteId: string): Promise<string | null>;

  /**
   * Adds one to how many notes `poster` has posted in a step, unless that reaches past `limit`
   * (null = no limit); answers the count after, or null when refused. `poster` is a key derived
   * from the raw bearer token, never a token hash or participant id stored elsewhere, and the
   * count is kept so that rows cannot be told apart by person (storage/postSlots.ts).
   * Deleted with the room.
   */
  countPost(roomId: string, stepKey: string, poster: string, limit: number | null): Promise<number | null>;
  /** How many notes `poster` has posted in a step. */
  postCount(roomId: string, stepKey: string, poster: string): Promise<number>;

  /**
   * Adds (+1) or takes back (-1) one vote for a note or an area, atomically: two concurrent
   * votes can never both spend the last unit of a budget (the rule is limits.ts decideVote).
   */
  castVote(roomId: string, round: number, voterKey: string, targetId: string, delta: 1 | -1, budget: number): Promise<VoteResult>;
  /** One voter's votes in a round, by note or area id. */
  ballotOf(roomId: string, round: number, voterKey: string): Promise<Record<string, number>>;
  /** Everyone's votes in a round, by note or area id. */
  voteTotals(roomId: string, round: number): Promise<Record<string, number>>;

  /**
   * Keeps the answer to a request made with an `Idempotency-Key` until `expiresAt`, so a resend
   * reaching any process gets it back (facilitation/idempotentReplies.ts says what it holds).
   * Putting the same key again replaces the entry. Deleted with the room.
   */
  putIdempotentReply(reply: IdempotentReply): Promise<void>;
  /** The sealed answer kept under `key`, or null when there is none or its time was up by `now`. */
  getIdempotentReply(roomId: string, key: string, now: number): Promise<string | null>;
  /** Removes every answer whose time is up by `now`; resolves with how many were removed. */
  deleteExpiredIdempotentReplies(now: number): Promise<number>;

  /**
   * Runs `fn` while holding the room's lock: calls for one room run one at a time, in this
   * process and (for storage shared by several processes) in every other one. Facilitation
   * actions run under it, since they read state, await storage, then write. Not reentrant.
   */
  withRoomLock<T>(roomId: string, fn: () => Promise<T>): Promise<T>;

  /** Rejects when storage cannot be reached (health checks). */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/**
 * What only a waiting anonymous note carries beside its note fields, and never takes onto the
 * board.
 */
export interface PendingMarks {
  /**
   * A tag that is the same for all of one person's notes in the room, so batches can count
   * different people, and that nothing stored can lead back to a person (see authorTag in
   * facilitation/notes.ts). It leaves with the note at release.
   */
  authorTag?: string;
  /** The writer agreed on their phone to show it in a smaller batch. */
  showAnyway?: true;
}

/** What a note waiting in the facilitator's queue carries beside its fields, never taken onto the board. */
export interface QueueMarks {
  queue?: {
    /** A review step held it, or the word filter did (the filter wins when both). */
    reason: 'review' | 'filter';
    /** The filter words it contains, as the list spells them. */
    matched?: string[];
    /** The minute it was queued (epoch ms, rounded down): no finer timing is kept. */
    minute: number;
    /** Posted in private writing before the reveal: once approved it is sealed, if the reveal has not come yet. */
    sealed?: true;
    /** It was on the board and its writer edited a filter word into it: once approved it goes straight back. */
    wasVisible?: true;
  };
  /**
   * The facilitator approved it from the queue (it waits now sealed or for its batch): new words
   * from its writer send it back to the queue, whatever the step is by then.
   */
  reviewed?: true;
}

/** A room's word filter: on or off, and the lists the facilitator edited, by language. */
export interface StoredWordFilter {
  enabled: boolean;
  words: Record<string, string[]>;
}

/**
 * A note held by the server: sealed (private writing, until reveal), pending (anonymous, until
 * released in a batch), hidden (taken off the board by the facilitator) or queued (waiting for
 * the facilitator to approve it: a review step, or the word filter). For anonymous notes
 * nothing here says who wrote them: the edit key's hash is the only link, and only its holder
 * has the key.
 */
export interface HeldNote {
  id: string;
  roomId: string;
  state: 'sealed' | 'pending' | 'hidden' | 'queued';
  stepIndex: number;
  /** The note record's own fields (shared's NoteFields), so a held note goes onto the board as it is. */
  data: NoteFields & PendingMarks & QueueMarks;
  editKeyHash: string | null;
}

/** A kept answer: `key` and `sealed` are opaque to storage (derived from the requester's token). */
export interface IdempotentReply {
  roomId: string;
  key: string;
  sealed: string;
  expiresAt: number;
}

export type VoteResult =
  | { ok: true; remaining: number; mine: Record<string, number> }
  | { ok: false; reason: 'budget-spent' | 'no-vote-to-take-back' };

export class JoinCodeTakenError extends Error {
  constructor() {
    super('join code already in use');
    this.name = 'JoinCodeTakenError';
  }
}
