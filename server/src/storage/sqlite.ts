import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocName } from '@tributary/shared/protocol';
import { KeyedMutex } from '../keyedMutex.ts';
import { WalCheckpointer } from './walCheckpointer.ts';
import { isUpToDate, MIGRATION_TABLE } from './migrations/history.ts';
import { decideVote } from './limits.ts';
import { countFilledSlots, fillNextSlot, type FindSlots } from './postSlots.ts';
import {
  JoinCodeTakenError,
  type HeldNote,
  type StoredWordFilter,
  type IdempotentReply,
  type NewToken,
  type RoomRecord,
  type Storage,
  type StoredDoc,
  type TokenRecord,
  type VoteResult,
} from './types.ts';
import { toBallot, toHeld, toRoom, toToken, toWordFilter } from './rows.ts';
import { toBuffer, toBytes } from './sharedSql.ts';
import { prepareStatements } from './sqliteStatements.ts';
import { SqliteMethodLibraries } from './methodLibraries.ts';
import { SqliteImages } from './images.ts';
import { SqliteResults } from './publishedResults.ts';

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
  private statements!: ReturnType<typeof prepareStatements>;
  /** The stores of their own tables: their statements are prepared on first use, after open() has migrated the schema. */
  readonly libraries: SqliteMethodLibraries;
  readonly images: SqliteImages;
  readonly results: SqliteResults;

  /** Settles once the schema is migrated and the statements prepared (open() awaits it). */
  private readonly opening: Promise<void>;
  /**
   * Set once `opening` has resolved. Methods await `opening` only until then, so that once open
   * every call runs its statement in the same turn it is made, as before migrations were async
   * (the group commit and the order of calls rely on it).
   */
  private opened = false;

  /** Runs the routine WAL checkpoints off the event loop; null once it failed (SQLite does them inline again). */
  private checkpointer: WalCheckpointer | null = null;

  /** Opens the file and migrates its schema; rejects (with the file closed) when migrating fails. */
  static async open(dataDir: string, options: SqliteOptions = {}): Promise<SqliteStorage> {
    const storage = new SqliteStorage(dataDir, options);
    try {
      await storage.opening;
    } catch (error) {
      await storage.close();
      throw error;
    }
    return storage;
  }

  /**
   * Prefer `open()`; a storage made here migrates in the background and its own calls wait for
   * that (the stores it composes, `libraries`, `images` and `results`, do not: they prepare on first use).
   */
  constructor(dataDir: string, options: SqliteOptions = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'tributary.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.fullSync ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, so a deleted room leaves no readable trace in the file.
    this.db.pragma('secure_delete = ON');
    this.libraries = new SqliteMethodLibraries(this.db);
    this.images = new SqliteImages(this.db, () => this.scrubWal());
    this.results = new SqliteResults(this.db);
    this.appendOne = this.db.transaction((roomId: string, doc: DocName, updates: readonly Uint8Array[]) => this.insertUpdates(roomId, doc, updates));
    this.insertGroup = this.db.transaction((group: ReadonlyArray<{ roomId: string; doc: DocName; updates: readonly Uint8Array[] }>) =>
      group.map((a) => this.insertUpdates(a.roomId, a.doc, a.updates)),
    );
    if (options.backgroundCheckpoints !== false) this.startCheckpointer(options.onWarning ?? ((message) => process.emitWarning(message)));
    if (isUpToDate(this.recordedMigrations())) {
      // The usual case, and the only one with several handles on one file (tests): nothing to
      // migrate, so no write transaction held across turns that other handles would wait on.
      this.statements = prepareStatements(this.db);
      this.opened = true;
      this.opening = Promise.resolve();
      return;
    }
    this.opening = this.migrate().then(() => {
      this.statements = prepareStatements(this.db);
      this.opened = true;
    });
    // Reported to whoever calls a method (or open()); never an unhandled rejection.
    this.opening.catch(() => undefined);
  }

  private recordedMigrations(): string[] {
    const recorded = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATION_TABLE);
    return recorded ? this.db.prepare<[], string>(`SELECT name FROM ${MIGRATION_TABLE}`).pluck().all() : [];
    }

  /** Migrations of one file, one at a time: two handles opened together would otherwise wait on each other's write lock. */
  private static readonly migrations = new KeyedMutex();

  /**
   * Runs the schema's missing steps (migrations/history.ts) through Kysely on this same
   * connection, inside one IMMEDIATE transaction: Kysely opens none on SQLite, and a failed step
   * must leave the file as it was.
   */
  private migrate(): Promise<void> {
    return SqliteStorage.migrations.run(this.db.name, async () => {
      const { migrateSqlite } = await import('./migrations/index.ts');
      this.db.exec('BEGIN IMMEDIATE');
      try {
        await migrateSqlite(this.db);
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async createRoom(room: RoomRecord): Promise<void> {
    if (!this.opened) await this.opening;
    try {
      this.statements.insertRoom.run(room);
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: rooms.join_code/.test(error.message)) throw new JoinCodeTakenError();
      throw error;
    }
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    if (!this.opened) await this.opening;
    const row = this.statements.getRoom.get(roomId);
    return row ? toRoom(row) : null;
  }

  async findRoomByJoinCode(joinCode: string): Promise<RoomRecord | null> {
    if (!this.opened) await this.opening;
    const row = this.statements.roomByCode.get(joinCode);
    return row ? toRoom(row) : null;
  }

  async touchRoom(roomId: string, at: number): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.touchRoom.run(at, roomId, at);
  }

  async renameRoom(roomId: string, title: string): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.renameRoom.run(title, roomId);
  }

  async deleteRoom(roomId: string): Promise<void> {
    if (!this.opened) await this.opening;
    // ON DELETE CASCADE removes tokens, updates and snapshots in the same transaction.
    this.statements.deleteRoom.run(roomId);
    this.scrubWal();
  }

  async listIdleRooms(before: number): Promise<string[]> {
    if (!this.opened) await this.opening;
    return this.statements.idleRooms.all(before).map((row) => row.id);
  }

  async addToken(token: NewToken): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.insertToken.run(token);
  }

  async revokeParticipant(roomId: string, participantId: string, at: number): Promise<number> {
    if (!this.opened) await this.opening;
    return this.statements.revokeParticipant.run(at, roomId, participantId).changes;
  }

  async listParticipants(roomId: string): Promise<Array<{ participantId: string; name: string | null }>> {
    if (!this.opened) await this.opening;
    return this.statements.participants.all(roomId).map((row) => ({ participantId: row.participant_id, name: row.name }));
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    if (!this.opened) await this.opening;
    const row = this.statements.getToken.get(hash);
    if (!row) return null;
    return toToken(row);
  }

  async loadDoc(roomId: string, doc: DocName): Promise<StoredDoc> {
    if (!this.opened) await this.opening;
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
    if (!this.opened) await this.opening;
    return new Promise<number>((resolve, reject) => {
      // Commit once the current microtasks have run: the rooms flushed in this turn's shared
      // callback (sync/groupCommit.ts) have all queued their appends by then.
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
    if (!this.opened) await this.opening;
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
    if (!this.opened) await this.opening;
    this.statements.putHeld.run(note.id, note.roomId, note.state, note.stepIndex, JSON.stringify(note.data), note.editKeyHash);
    this.scrubWal();
  }

  async getHeldNote(roomId: string, noteId: string): Promise<HeldNote | null> {
    if (!this.opened) await this.opening;
    const row = this.statements.getHeld.get(roomId, noteId);
    return row ? toHeld(row) : null;
  }

  async listHeldNotes(roomId: string, state: HeldNote['state']): Promise<HeldNote[]> {
    if (!this.opened) await this.opening;
    return this.statements.listHeld.all(roomId, state).map(toHeld);
  }

  async deleteHeldNotes(roomId: string, noteIds: readonly string[]): Promise<void> {
    if (!this.opened) await this.opening;
    this.db.transaction(() => {
      for (const id of noteIds) this.statements.deleteHeld.run(roomId, id);
    })();
    this.scrubWal();
  }

  async getWordFilter(roomId: string): Promise<StoredWordFilter | null> {
    if (!this.opened) await this.opening;
    const row = this.statements.getWordFilter.get(roomId);
    return row ? toWordFilter(row) : null;
  }

  async putWordFilter(roomId: string, filter: StoredWordFilter): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.putWordFilter.run(roomId, filter.enabled ? 1 : 0, JSON.stringify(filter.words));
  }

  async setNoteKey(roomId: string, noteId: string, keyHash: string): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.setKey.run(roomId, noteId, keyHash);
  }

  async getNoteKey(roomId: string, noteId: string): Promise<string | null> {
    if (!this.opened) await this.opening;
    return this.statements.getKey.get(roomId, noteId)?.key_hash ?? null;
  }

  async castVote(roomId: string, round: number, voterKey: string, targetId: string, delta: 1 | -1, budget: number): Promise<VoteResult> {
    if (!this.opened) await this.opening;
    // One synchronous transaction: nothing else runs between the read and the write.
    return this.db.transaction((): VoteResult => {
      const decision = decideVote(this.ballotSync(roomId, round, voterKey), targetId, delta, budget);
      if (decision.ok && decision.count === 0) this.statements.dropVote.run(roomId, round, voterKey, targetId);
      else if (decision.ok) this.statements.setVote.run(roomId, round, voterKey, targetId, decision.count);
      return decision.result;
    })();
  }

  private ballotSync(roomId: string, round: number, voterKey: string): Record<string, number> {
    return toBallot(this.statements.ballot.all(roomId, round, voterKey));
  }

  async ballotOf(roomId: string, round: number, voterKey: string): Promise<Record<string, number>> {
    if (!this.opened) await this.opening;
    return this.ballotSync(roomId, round, voterKey);
  }

  async voteTotals(roomId: string, round: number): Promise<Record<string, number>> {
    if (!this.opened) await this.opening;
    const out: Record<string, number> = {};
    for (const row of this.statements.totals.all(roomId, round)) out[row.target_id] = row.n;
    return out;
  }

  async countPost(roomId: string, stepKey: string, poster: string, limit: number | null): Promise<number | null> {
    if (!this.opened) await this.opening;
    return fillNextSlot(poster, limit, this.findSlots(roomId, stepKey), async (slot) => this.statements.fillSlot.run(roomId, stepKey, slot).changes === 1);
  }

  async postCount(roomId: string, stepKey: string, poster: string): Promise<number> {
    if (!this.opened) await this.opening;
    return countFilledSlots(poster, this.findSlots(roomId, stepKey));
  }

  private findSlots(roomId: string, stepKey: string): FindSlots {
    return async (slots) => new Set(this.statements.findSlots.all(roomId, stepKey, JSON.stringify(slots)).map((row) => row.slot));
  }

  async putIdempotentReply(reply: IdempotentReply): Promise<void> {
    if (!this.opened) await this.opening;
    this.statements.putReply.run(reply);
  }

  async getIdempotentReply(roomId: string, key: string, now: number): Promise<string | null> {
    if (!this.opened) await this.opening;
    return this.statements.getReply.get(roomId, key, now)?.sealed ?? null;
  }

  async deleteExpiredIdempotentReplies(now: number): Promise<number> {
    if (!this.opened) await this.opening;
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
    // A migration still running holds a transaction on this connection: let it finish first.
    await this.opening.catch(() => undefined);
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
