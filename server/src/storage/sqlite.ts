import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocName } from '@tributary/shared';
import { KeyedMutex } from '../keyedMutex.ts';
import { WalCheckpointer } from './walCheckpointer.ts';
import { countFilledSlots, fillNextSlot, type FindSlots } from './postSlots.ts';
import {
  JoinCodeTakenError,
  type HeldNote,
  type IdempotentReply,
  type NewToken,
  type RoomRecord,
  type Storage,
  type StoredDoc,
  type TokenRecord,
  type VoteResult,
} from './types.ts';
import { toBuffer, toBytes, toHeld, toRoom, toToken, type HeldRow, type RoomRow, type TokenRow } from './rows.ts';

/**
 * Versioned schema migrations, applied in order on open (PRAGMA user_version).
 * Never edit a released step; add a new one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT,
    join_code TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
  );
  CREATE INDEX rooms_last_active ON rooms (last_active_at);
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant')),
    participant_id TEXT,
    name TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX tokens_room ON tokens (room_id);
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_doc ON doc_updates (room_id, doc, seq);
  CREATE TABLE doc_snapshots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    upto_seq INTEGER NOT NULL,
    PRIMARY KEY (room_id, doc)
  );
  `,
  `
  CREATE TABLE held_notes (
    id TEXT NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('sealed', 'pending', 'hidden')),
    step_index INTEGER NOT NULL,
    data TEXT NOT NULL,
    edit_key_hash TEXT,
    PRIMARY KEY (room_id, id)
  ) WITHOUT ROWID;
  CREATE TABLE note_keys (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    PRIMARY KEY (room_id, note_id)
  ) WITHOUT ROWID;
  CREATE TABLE ballots (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    voter_key TEXT NOT NULL,
    note_id TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (room_id, round, voter_key, note_id)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE idempotent_replies (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    sealed TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotent_replies_expiry ON idempotent_replies (expires_at);
  `,
  // Presenter tokens, and participants the facilitator removed. SQLite cannot change a CHECK
  // constraint in place, so the table is rebuilt (nothing references it).
  `
  CREATE TABLE tokens_v3 (
    hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'presenter')),
    participant_id TEXT,
    name TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  INSERT INTO tokens_v3 (hash, room_id, role, participant_id, name, created_at)
    SELECT hash, room_id, role, participant_id, name, created_at FROM tokens;
  DROP TABLE tokens;
  ALTER TABLE tokens_v3 RENAME TO tokens;
  CREATE INDEX tokens_room ON tokens (room_id, participant_id);
  `,
  // Notes posted per person and step, one unlinkable row per note (storage/postSlots.ts).
  `
  CREATE TABLE post_counts (
    room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    step_key TEXT NOT NULL,
    slot TEXT NOT NULL,
    PRIMARY KEY (room_id, step_key, slot)
  ) WITHOUT ROWID;
  `,
];

export interface SqliteOptions {
  /** synchronous=FULL: also survives power loss, at a cost on every write. */
  fullSync?: boolean;
  /** Checkpoint the WAL on a worker thread (default true); false leaves it to SQLite, inline. */
  backgroundCheckpoints?: boolean;
  /** Told when the checkpoint thread fails and SQLite takes checkpoints back (default: a process warning). */
  onWarning?: (message: string) => void;
}

/** SQLite's wal_autocheckpoint default, in pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** With the checkpoint thread: SQLite checkpoints inline only past this many pages (16 MB of log). */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 4000;

/**
 * The embedded default: one SQLite file in DATA_DIR, in WAL mode. better-sqlite3 is synchronous,
 * so a resolved `appendUpdates` means the rows are committed to the WAL: a process killed with
 * SIGKILL right after keeps them (synchronous=NORMAL is durable against process crashes; FULL
 * would also survive power loss, at a cost on every write).
 */
export class SqliteStorage implements Storage {
  readonly db: Database.Database;
  private readonly statements;

  /** Runs the routine WAL checkpoints off the event loop; null once it failed (SQLite does them inline again). */
  private checkpointer: WalCheckpointer | null = null;

  constructor(dataDir: string, options: SqliteOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'tributary.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.fullSync ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, so a deleted room leaves no readable trace in the file.
    this.db.pragma('secure_delete = ON');
    this.migrate();
    this.appendOne = this.db.transaction((roomId: string, doc: DocName, updates: readonly Uint8Array[]) => this.insertUpdates(roomId, doc, updates));
    this.insertGroup = this.db.transaction((group: ReadonlyArray<{ roomId: string; doc: DocName; updates: readonly Uint8Array[] }>) =>
      group.map((a) => this.insertUpdates(a.roomId, a.doc, a.updates)),
    );
    if (options.backgroundCheckpoints !== false) this.startCheckpointer(options.onWarning ?? ((message) => process.emitWarning(message)));
    const db = this.db;
    this.statements = {
      insertRoom: db.prepare(
        'INSERT INTO rooms (id, title, template, join_code, created_at, last_active_at) VALUES (@id, @title, @template, @joinCode, @createdAt, @lastActiveAt)',
      ),
      getRoom: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
      roomByCode: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE join_code = ?'),
      touchRoom: db.prepare('UPDATE rooms SET last_active_at = ? WHERE id = ? AND last_active_at < ?'),
      deleteRoom: db.prepare('DELETE FROM rooms WHERE id = ?'),
      renameRoom: db.prepare('UPDATE rooms SET title = ? WHERE id = ?'),
      idleRooms: db.prepare<[number], { id: string }>('SELECT id FROM rooms WHERE last_active_at < ?'),
      insertToken: db.prepare(
        'INSERT INTO tokens (hash, room_id, role, participant_id, name, created_at) VALUES (@hash, @roomId, @role, @participantId, @name, @createdAt) ON CONFLICT (hash) DO NOTHING',
      ),
      getToken: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE hash = ?'),
      participants: db.prepare<[string], { participant_id: string; name: string | null }>(
        "SELECT participant_id, name FROM tokens WHERE room_id = ? AND role = 'participant' AND revoked_at IS NULL ORDER BY created_at, participant_id",
      ),
      revokeParticipant: db.prepare(
        "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE room_id = ? AND participant_id = ? AND role = 'participant'",
      ),
      snapshot: db.prepare<[string, string], { data: Buffer; upto_seq: number }>(
        'SELECT data, upto_seq FROM doc_snapshots WHERE room_id = ? AND doc = ?',
      ),
      updatesAfter: db.prepare<[string, string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE room_id = ? AND doc = ? AND seq > ? ORDER BY seq',
      ),
      appendUpdate: db.prepare('INSERT INTO doc_updates (room_id, doc, data) VALUES (?, ?, ?)'),
      upsertSnapshot: db.prepare(
        // Never replaced by a snapshot that covers less (the Storage contract; see postgres.ts).
        'INSERT INTO doc_snapshots (room_id, doc, data, upto_seq) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq WHERE doc_snapshots.upto_seq < excluded.upto_seq',
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM doc_updates WHERE room_id = ? AND doc = ? AND seq <= ?'),
      putHeld: db.prepare(
        'INSERT INTO held_notes (id, room_id, state, step_index, data, edit_key_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, id) DO UPDATE SET state = excluded.state, step_index = excluded.step_index, data = excluded.data, edit_key_hash = excluded.edit_key_hash',
      ),
      getHeld: db.prepare<[string, string], HeldRow>('SELECT * FROM held_notes WHERE room_id = ? AND id = ?'),
      // Ordered by id (random), never by arrival: storage order must not tell who posted when.
      listHeld: db.prepare<[string, string], HeldRow>('SELECT * FROM held_notes WHERE room_id = ? AND state = ? ORDER BY id'),
      deleteHeld: db.prepare('DELETE FROM held_notes WHERE room_id = ? AND id = ?'),
      setKey: db.prepare('INSERT INTO note_keys (room_id, note_id, key_hash) VALUES (?, ?, ?) ON CONFLICT (room_id, note_id) DO UPDATE SET key_hash = excluded.key_hash'),
      getKey: db.prepare<[string, string], { key_hash: string }>('SELECT key_hash FROM note_keys WHERE room_id = ? AND note_id = ?'),
      ballot: db.prepare<[string, number, string], { note_id: string; count: number }>(
        'SELECT note_id, count FROM ballots WHERE room_id = ? AND round = ? AND voter_key = ?',
      ),
      spent: db.prepare<[string, number, string], { n: number | null }>(
        'SELECT sum(count) AS n FROM ballots WHERE room_id = ? AND round = ? AND voter_key = ?',
      ),
      addVote: db.prepare(
        'INSERT INTO ballots (room_id, round, voter_key, note_id, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (room_id, round, voter_key, note_id) DO UPDATE SET count = count + 1',
      ),
      takeVote: db.prepare('UPDATE ballots SET count = count - 1 WHERE room_id = ? AND round = ? AND voter_key = ? AND note_id = ? AND count > 1'),
      dropVote: db.prepare('DELETE FROM ballots WHERE room_id = ? AND round = ? AND voter_key = ? AND note_id = ? AND count = 1'),
      putReply: db.prepare(
        'INSERT INTO idempotent_replies (room_id, key, sealed, expires_at) VALUES (@roomId, @key, @sealed, @expiresAt) ON CONFLICT (room_id, key) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at',
      ),
      getReply: db.prepare<[string, string, number], { sealed: string }>('SELECT sealed FROM idempotent_replies WHERE room_id = ? AND key = ? AND expires_at > ?'),
      deleteExpiredReplies: db.prepare('DELETE FROM idempotent_replies WHERE expires_at <= ?'),
      findSlots: db.prepare<[string, string, string], { slot: string }>(
        'SELECT slot FROM post_counts WHERE room_id = ? AND step_key = ? AND slot IN (SELECT value FROM json_each(?))',
      ),
      fillSlot: db.prepare('INSERT INTO post_counts (room_id, step_key, slot) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      totals: db.prepare<[string, number], { note_id: string; n: number }>(
        'SELECT note_id, sum(count) AS n FROM ballots WHERE room_id = ? AND round = ? GROUP BY note_id',
      ),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  async createRoom(room: RoomRecord): Promise<void> {
    try {
      this.statements.insertRoom.run(room);
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: rooms.join_code/.test(error.message)) throw new JoinCodeTakenError();
      throw error;
    }
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const row = this.statements.getRoom.get(roomId);
    return row ? toRoom(row) : null;
  }

  async findRoomByJoinCode(joinCode: string): Promise<RoomRecord | null> {
    const row = this.statements.roomByCode.get(joinCode);
    return row ? toRoom(row) : null;
  }

  async touchRoom(roomId: string, at: number): Promise<void> {
    this.statements.touchRoom.run(at, roomId, at);
  }

  async renameRoom(roomId: string, title: string): Promise<void> {
    this.statements.renameRoom.run(title, roomId);
  }

  async deleteRoom(roomId: string): Promise<void> {
    // ON DELETE CASCADE removes tokens, updates and snapshots in the same transaction.
    this.statements.deleteRoom.run(roomId);
    this.scrubWal();
  }

  async listIdleRooms(before: number): Promise<string[]> {
    return this.statements.idleRooms.all(before).map((row) => row.id);
  }

  async addToken(token: NewToken): Promise<void> {
    this.statements.insertToken.run(token);
  }

  async revokeParticipant(roomId: string, participantId: string, at: number): Promise<number> {
    return this.statements.revokeParticipant.run(at, roomId, participantId).changes;
  }

  async listParticipants(roomId: string): Promise<Array<{ participantId: string; name: string | null }>> {
    return this.statements.participants.all(roomId).map((row) => ({ participantId: row.participant_id, name: row.name }));
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const row = this.statements.getToken.get(hash);
    if (!row) return null;
    return toToken(row);
  }

  async loadDoc(roomId: string, doc: DocName): Promise<StoredDoc> {
    const snapshot = this.statements.snapshot.get(roomId, doc);
    const after = snapshot?.upto_seq ?? 0;
    const rows = this.statements.updatesAfter.all(roomId, doc, after);
    return {
      snapshot: snapshot ? toBytes(snapshot.data) : null,
      updates: rows.map((row) => toBytes(row.data)),
      lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : after,
    };
  }

  /** Inserts one room's batch and returns its last sequence number; the caller holds a transaction. */
  private insertUpdates(roomId: string, doc: DocName, updates: readonly Uint8Array[]): number {
    let last = 0;
    for (const update of updates) {
      last = Number(this.statements.appendUpdate.run(roomId, doc, toBuffer(update)).lastInsertRowid);
    }
    return last;
  }

  /** One room's batch in a transaction of its own. */
  private readonly appendMany = (roomId: string, doc: DocName, updates: readonly Uint8Array[]): number =>
    this.appendOne(roomId, doc, updates);

  /*
   * Transaction functions are made once: better-sqlite3 builds five wrappers on every call to
   * db.transaction(), which cost as much as a third of the commit they wrap. The group's inserts
   * are plain (no savepoint per room): if one fails, the whole group is retried room by room.
   */
  private readonly appendOne: (roomId: string, doc: DocName, updates: readonly Uint8Array[]) => number;
  private readonly insertGroup: (group: ReadonlyArray<{ roomId: string; doc: DocName; updates: readonly Uint8Array[] }>) => number[];

  /**
   * Appends waiting for the group commit. Rooms flush together once per event-loop turn; writing
   * all of a turn's appends in one transaction writes each touched page to the WAL once instead
   * of once per room (the benchmark's 50 busy rooms spent most of their storage time on
   * per-room commits).
   */
  private appendQueue: Array<{
    roomId: string;
    doc: DocName;
    updates: readonly Uint8Array[];
    resolve: (seq: number) => void;
    reject: (error: unknown) => void;
  }> = [];

  async appendUpdates(roomId: string, doc: DocName, updates: readonly Uint8Array[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      // Commit once the current microtasks have run: the rooms flushed in this turn's shared
      // callback (room.ts flushAtEndOfTurn) have all queued their appends by then.
      if (this.appendQueue.length === 0) queueMicrotask(this.commitAppends);
      this.appendQueue.push({ roomId, doc, updates, resolve, reject });
    });
  }

  private readonly commitAppends = (): void => {
    const group = this.appendQueue;
    this.appendQueue = [];
    let seqs: number[];
    try {
      seqs = this.insertGroup(group);
    } catch {
      // One bad append (a room deleted meanwhile) must not fail the others: retry one by one.
      for (const append of group) {
        try {
          append.resolve(this.appendMany(append.roomId, append.doc, append.updates));
        } catch (error) {
          append.reject(error);
        }
      }
      return;
    }
    group.forEach((append, i) => append.resolve(seqs[i]!));
  };

  async compact(roomId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    this.db.transaction(() => {
      this.statements.upsertSnapshot.run(roomId, doc, toBuffer(snapshot), uptoSeq);
      this.statements.deleteUpdatesUpTo.run(roomId, doc, uptoSeq);
    })();
    // Compaction is when content taken off the board (moderation, withdrawal) leaves the log.
    this.scrubWal();
  }

  /**
   * Folds the write-ahead log into the database file and empties it. secure_delete zeroes
   * deleted rows in the file, but the WAL keeps every earlier version of a page until a
   * checkpoint: without this, removed words and the order anonymous notes arrived in would stay
   * readable in `tributary.sqlite-wal`.
   */
  private scrubWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async putHeldNote(note: HeldNote): Promise<void> {
    this.statements.putHeld.run(note.id, note.roomId, note.state, note.stepIndex, JSON.stringify(note.data), note.editKeyHash);
    this.scrubWal();
  }

  async getHeldNote(roomId: string, noteId: string): Promise<HeldNote | null> {
    const row = this.statements.getHeld.get(roomId, noteId);
    return row ? toHeld(row) : null;
  }

  async listHeldNotes(roomId: string, state: HeldNote['state']): Promise<HeldNote[]> {
    return this.statements.listHeld.all(roomId, state).map(toHeld);
  }

  async deleteHeldNotes(roomId: string, noteIds: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of noteIds) this.statements.deleteHeld.run(roomId, id);
    })();
    this.scrubWal();
  }

  async setNoteKey(roomId: string, noteId: string, keyHash: string): Promise<void> {
    this.statements.setKey.run(roomId, noteId, keyHash);
  }

  async getNoteKey(roomId: string, noteId: string): Promise<string | null> {
    return this.statements.getKey.get(roomId, noteId)?.key_hash ?? null;
  }

  async castVote(roomId: string, round: number, voterKey: string, noteId: string, delta: 1 | -1, budget: number): Promise<VoteResult> {
    // One synchronous transaction: nothing else runs between the check and the write.
    return this.db.transaction((): VoteResult => {
      const spent = this.statements.spent.get(roomId, round, voterKey)?.n ?? 0;
      if (delta === 1) {
        if (spent >= budget) return { ok: false, reason: 'budget-spent' };
        this.statements.addVote.run(roomId, round, voterKey, noteId);
      } else {
        // Either lower a count above one, or remove a row whose count is one; never both.
        const changed =
          this.statements.takeVote.run(roomId, round, voterKey, noteId).changes ||
          this.statements.dropVote.run(roomId, round, voterKey, noteId).changes;
        if (changed === 0) return { ok: false, reason: 'no-vote-to-take-back' };
      }
      const mine = this.ballotSync(roomId, round, voterKey);
      const used = Object.values(mine).reduce((a, b) => a + b, 0);
      return { ok: true, remaining: Math.max(0, budget - used), mine };
    })();
  }

  private ballotSync(roomId: string, round: number, voterKey: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.statements.ballot.all(roomId, round, voterKey)) out[row.note_id] = row.count;
    return out;
  }

  async ballotOf(roomId: string, round: number, voterKey: string): Promise<Record<string, number>> {
    return this.ballotSync(roomId, round, voterKey);
  }

  async voteTotals(roomId: string, round: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const row of this.statements.totals.all(roomId, round)) out[row.note_id] = row.n;
    return out;
  }

  async countPost(roomId: string, stepKey: string, poster: string, limit: number | null): Promise<number | null> {
    return fillNextSlot(poster, limit, this.findSlots(roomId, stepKey), async (slot) => this.statements.fillSlot.run(roomId, stepKey, slot).changes === 1);
  }

  async postCount(roomId: string, stepKey: string, poster: string): Promise<number> {
    return countFilledSlots(poster, this.findSlots(roomId, stepKey));
  }

  private findSlots(roomId: string, stepKey: string): FindSlots {
    return async (slots) => new Set(this.statements.findSlots.all(roomId, stepKey, JSON.stringify(slots)).map((row) => row.slot));
  }

  async putIdempotentReply(reply: IdempotentReply): Promise<void> {
    this.statements.putReply.run(reply);
  }

  async getIdempotentReply(roomId: string, key: string, now: number): Promise<string | null> {
    return this.statements.getReply.get(roomId, key, now)?.sealed ?? null;
  }

  async deleteExpiredIdempotentReplies(now: number): Promise<number> {
    const removed = this.statements.deleteExpiredReplies.run(now).changes;
    if (removed > 0) this.scrubWal();
    return removed;
  }

  /**
   * One process owns the file, so an in-process lock is the whole lock; it is shared by every
   * handle on the same file (tests open several).
   */
  private static readonly roomLocks = new Map<string, KeyedMutex>();

  withRoomLock<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    let locks = SqliteStorage.roomLocks.get(this.db.name);
    if (!locks) SqliteStorage.roomLocks.set(this.db.name, (locks = new KeyedMutex()));
    return locks.run(roomId, fn);
  }

  async ping(): Promise<void> {
    if (!this.db.open) throw new Error('the database is closed');
  }

  /**
   * SQLite's own checkpoints stall the commit that triggers them; a thread does them instead
   * (walCheckpointer.ts). SQLite keeps a backstop at a higher mark: the log only starts again from
   * the top when a write finds every page of it copied, and under a steady stream of commits one
   * always lands while the thread copies. The backstop's checkpoint finds nearly everything
   * already copied, so it is short (measured: worst commit 5.5 ms against 21 ms inline), and the
   * log stays under about 16 MB.
   */
  private startCheckpointer(warn: (message: string) => void): void {
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    this.checkpointer = new WalCheckpointer(this.db.name, {
      onFailure: (reason) => {
        this.checkpointer = null;
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
        warn(`SQLite checkpoints are back on the main thread: ${reason}`);
      },
    });
  }

  /** Resolves once the checkpoint thread is running (false: checkpoints are inline). For tests and health. */
  async backgroundCheckpointsReady(): Promise<boolean> {
    if (!this.checkpointer) return false;
    return this.checkpointer.ready.then(
      () => this.checkpointer !== null,
      () => false,
    );
  }

  async close(): Promise<void> {
    // The thread's connection first, so the last checkpoint below can empty the log.
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await checkpointer?.stop();
    if (this.db.open) {
      if (this.appendQueue.length > 0) this.commitAppends();
      // Fold the WAL back into the main file so a stopped server leaves one tidy file.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}
