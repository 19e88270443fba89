import pg from 'pg';
import type { DocName } from '@tributary/shared/protocol';
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
import { KeyedMutex } from '../keyedMutex.ts';
import { toBallot, toHeld, toRoom, toToken, type BallotRow, type HeldRow, type RoomRow, type TokenRow, toWordFilter } from './rows.ts';
import { isUpToDate, MIGRATION_TABLE } from './migrations/history.ts';
import { decideVote } from './limits.ts';
import { countFilledSlots, fillNextSlot, postgresSlots } from './postSlots.ts';
import { PostgresMethodLibraries } from './methodLibraries.ts';
import { PostgresImages } from './images.ts';
import { PostgresResults } from './publishedResults.ts';
import { LOCK, pgTransaction, toBuffer, toBytes } from './sharedSql.ts';

export interface PostgresOptions {
  connectionString: string;
  /** A schema of its own (created if missing); default: the connection's search_path (public). */
  schema?: string | null;
  /** Connections for queries (default 10). Room locks use a pool of their own of the same size. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PostgreSQL storage, for several server processes sharing rooms (docs/SCALING.md). Same tables
 * and the same guarantees as SqliteStorage: a resolved `appendUpdates` is committed (with the
 * server's default synchronous_commit, flushed to its WAL).
 *
 * Several processes write one room's log at once, so two things SQLite gets for free are made
 * explicit here:
 * - Per document, sequence order is commit order: appends to one (room, doc) take a transaction
 *   lock, so a reader that sees update n also sees every update before it. Compaction relies on
 *   this ("everything up to the last seq I read" is then exactly what was read).
 * - A document is read in one REPEATABLE READ transaction, so a compaction by another process
 *   between reading the snapshot and reading the log cannot make updates vanish from the read.
 */
export class PostgresStorage implements Storage {
  readonly pool: pg.Pool;
  /**
   * Room locks hold a connection for the length of a command, which itself queries through
   * `pool`. With one pool, N commands holding N locks could starve themselves of connections.
   */
  private readonly lockPool: pg.Pool;
  readonly schema: string | null;
  readonly libraries: PostgresMethodLibraries;
  readonly images: PostgresImages;
  readonly results: PostgresResults;

  private constructor(options: PostgresOptions) {
    this.schema = options.schema ?? null;
    const config: pg.PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // Fail fast rather than queue for ever when the database is unreachable.
      connectionTimeoutMillis: 10_000,
      ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
    };
    this.pool = new pg.Pool(config);
    this.lockPool = new pg.Pool(config);
    this.libraries = new PostgresMethodLibraries(this.pool);
    this.images = new PostgresImages(this.pool);
    this.results = new PostgresResults(this.pool);
    // An idle client losing its connection (database restart) must not crash the process;
    // the pool replaces it and the next query reports the problem where it can be handled.
    this.pool.on('error', () => undefined);
    this.lockPool.on('error', () => undefined);
  }

  /** Connects, creates the schema if asked to, and runs pending migrations (one process at a time). */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    if (options.schema && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(`DATABASE_SCHEMA must be a lower-case identifier (letters, digits, _), got "${options.schema}"`);
    }
    const storage = new PostgresStorage(options);
    try {
      await storage.migrate();
    } catch (error) {
      await storage.close();
      throw error;
    }
    return storage;
  }

  /** Creates the schema if asked to, then runs the schema's missing steps (migrations/history.ts) through Kysely. */
  private async migrate(): Promise<void> {
    const { schema, recorded } = await this.transaction(async (client) => {
      // Processes starting together create the schema one at a time (IF NOT EXISTS can still race).
      await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK.migrations]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      const { rows } = await client.query<{ schema: string | null; tracked: boolean }>(
        'SELECT current_schema() AS schema, to_regclass($1) IS NOT NULL AS tracked',
        [MIGRATION_TABLE],
      );
      const tracked = rows[0]?.tracked ? await client.query<{ name: string }>(`SELECT name FROM ${MIGRATION_TABLE}`) : null;
      return { schema: rows[0]?.schema, recorded: tracked?.rows.map((row) => row.name) ?? [] };
    });
    if (!schema) throw new Error('no schema to create tables in: the search_path names none that exists');
    // Kysely is loaded only when a step is missing (see migrations/history.ts).
    if (isUpToDate(recorded)) return;
    const { migratePostgres } = await import('./migrations/index.ts');
    await migratePostgres(this.pool, schema);
  }

  private transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN', pool = this.pool): Promise<T> {
    return pgTransaction(pool, fn, begin);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async createRoom(room: RoomRecord): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO rooms (id, title, template, join_code, created_at, last_active_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [room.id, room.title, room.template, room.joinCode, room.createdAt, room.lastActiveAt],
      );
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'rooms_join_code_key') {
        throw new JoinCodeTakenError();
      }
      throw error;
    }
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const { rows } = await this.pool.query<RoomRow>('SELECT * FROM rooms WHERE id = $1', [roomId]);
    return rows[0] ? toRoom(rows[0]) : null;
  }

  async findRoomByJoinCode(joinCode: string): Promise<RoomRecord | null> {
    const { rows } = await this.pool.query<RoomRow>('SELECT * FROM rooms WHERE join_code = $1', [joinCode]);
    return rows[0] ? toRoom(rows[0]) : null;
  }

  async touchRoom(roomId: string, at: number): Promise<void> {
    await this.pool.query('UPDATE rooms SET last_active_at = $1 WHERE id = $2 AND last_active_at < $1', [at, roomId]);
  }

  async renameRoom(roomId: string, title: string): Promise<void> {
    await this.pool.query('UPDATE rooms SET title = $1 WHERE id = $2', [title, roomId]);
  }

  async deleteRoom(roomId: string): Promise<void> {
    // ON DELETE CASCADE removes every other row of the room in the same statement.
    await this.pool.query('DELETE FROM rooms WHERE id = $1', [roomId]);
  }

  async listIdleRooms(before: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM rooms WHERE last_active_at < $1', [before]);
    return rows.map((row) => row.id);
  }

  async addToken(token: NewToken): Promise<void> {
    await this.pool.query(
      'INSERT INTO tokens (hash, room_id, role, participant_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING',
      [token.hash, token.roomId, token.role, token.participantId, token.name, token.createdAt],
    );
  }

  async revokeParticipant(roomId: string, participantId: string, at: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      "UPDATE tokens SET revoked_at = coalesce(revoked_at, $1) WHERE room_id = $2 AND participant_id = $3 AND role = 'participant'",
      [at, roomId, participantId],
    );
    return rowCount ?? 0;
  }

  async listParticipants(roomId: string): Promise<Array<{ participantId: string; name: string | null }>> {
    const { rows } = await this.pool.query<{ participant_id: string; name: string | null }>(
      "SELECT participant_id, name FROM tokens WHERE room_id = $1 AND role = 'participant' AND revoked_at IS NULL ORDER BY created_at, participant_id",
      [roomId],
    );
    return rows.map((row) => ({ participantId: row.participant_id, name: row.name }));
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1', [hash]);
    const row = rows[0];
    if (!row) return null;
    return toToken(row);
  }

  async loadDoc(roomId: string, doc: DocName): Promise<StoredDoc> {
    return this.transaction(
      async (client) => {
        const snap = await client.query<{ data: Buffer; upto_seq: string }>('SELECT data, upto_seq FROM doc_snapshots WHERE room_id = $1 AND doc = $2', [roomId, doc]);
        const after = snap.rows[0] ? Number(snap.rows[0].upto_seq) : 0;
        const { rows } = await client.query<{ seq: string; data: Buffer }>(
          'SELECT seq, data FROM doc_updates WHERE room_id = $1 AND doc = $2 AND seq > $3 ORDER BY seq',
          [roomId, doc, after],
        );
        return {
          snapshot: snap.rows[0] ? toBytes(snap.rows[0].data) : null,
          updates: rows.map((row) => toBytes(row.data)),
          lastSeq: rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : after,
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  /**
   * Appends from this process to one document, one at a time in call order, as SQLite's single
   * connection gives for free: otherwise two appends issued in one turn run on two pool
   * connections and may take the advisory lock in either order, so the later call could get
   * the lower sequence number.
   */
  private readonly appendOrder = new KeyedMutex();

  async appendUpdates(roomId: string, doc: DocName, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return 0;
    return this.appendOrder.run(`${roomId}\n${doc}`, () => this.appendInOrder(roomId, doc, updates));
  }

  private appendInOrder(roomId: string, doc: DocName, updates: readonly Uint8Array[]): Promise<number> {
    return this.transaction(async (client) => {
      // Sequence order = commit order per document (see the class comment).
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.docLog, `${roomId}\n${doc}`]);
      const values = updates.map((_, i) => `($1, $2, $${i + 3})`).join(', ');
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO doc_updates (room_id, doc, data) VALUES ${values} RETURNING seq`,
        [roomId, doc, ...updates.map(toBuffer)],
      );
      return Math.max(...rows.map((row) => Number(row.seq)));
    });
  }

  async compact(roomId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    await this.transaction(async (client) => {
      // Another process may have compacted further already: never replace a snapshot with one
      // that covers less (the updates between would be gone from both). Deleting up to our
      // uptoSeq is safe either way, since whichever snapshot stays covers it.
      await client.query(
        `INSERT INTO doc_snapshots (room_id, doc, data, upto_seq) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room_id, doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq
         WHERE doc_snapshots.upto_seq < excluded.upto_seq`,
        [roomId, doc, toBuffer(snapshot), uptoSeq],
      );
      await client.query('DELETE FROM doc_updates WHERE room_id = $1 AND doc = $2 AND seq <= $3', [roomId, doc, uptoSeq]);
    });
  }

  async putHeldNote(note: HeldNote): Promise<void> {
    await this.pool.query(
      `INSERT INTO held_notes (id, room_id, state, step_index, data, edit_key_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (room_id, id) DO UPDATE SET state = excluded.state, step_index = excluded.step_index, data = excluded.data, edit_key_hash = excluded.edit_key_hash`,
      [note.id, note.roomId, note.state, note.stepIndex, JSON.stringify(note.data), note.editKeyHash],
    );
  }

  async getHeldNote(roomId: string, noteId: string): Promise<HeldNote | null> {
    const { rows } = await this.pool.query<HeldRow>('SELECT * FROM held_notes WHERE room_id = $1 AND id = $2', [roomId, noteId]);
    return rows[0] ? toHeld(rows[0]) : null;
  }

  async listHeldNotes(roomId: string, state: HeldNote['state']): Promise<HeldNote[]> {
    // Ordered by id (random), never by arrival: storage order must not tell who posted when.
    const { rows } = await this.pool.query<HeldRow>('SELECT * FROM held_notes WHERE room_id = $1 AND state = $2 ORDER BY id COLLATE "C"', [roomId, state]);
    return rows.map(toHeld);
  }

  async deleteHeldNotes(roomId: string, noteIds: readonly string[]): Promise<void> {
    if (noteIds.length === 0) return;
    await this.pool.query('DELETE FROM held_notes WHERE room_id = $1 AND id = ANY($2::text[])', [roomId, [...noteIds]]);
  }

  async getWordFilter(roomId: string): Promise<StoredWordFilter | null> {
    const { rows } = await this.pool.query<{ enabled: number; words: string }>('SELECT enabled, words FROM word_filters WHERE room_id = $1', [roomId]);
    return rows[0] ? toWordFilter(rows[0]) : null;
  }

  async putWordFilter(roomId: string, filter: StoredWordFilter): Promise<void> {
    await this.pool.query(
      'INSERT INTO word_filters (room_id, enabled, words) VALUES ($1, $2, $3) ON CONFLICT (room_id) DO UPDATE SET enabled = excluded.enabled, words = excluded.words',
      [roomId, filter.enabled ? 1 : 0, JSON.stringify(filter.words)],
    );
  }

  async setNoteKey(roomId: string, noteId: string, keyHash: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO note_keys (room_id, note_id, key_hash) VALUES ($1, $2, $3) ON CONFLICT (room_id, note_id) DO UPDATE SET key_hash = excluded.key_hash',
      [roomId, noteId, keyHash],
    );
  }

  async getNoteKey(roomId: string, noteId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ key_hash: string }>('SELECT key_hash FROM note_keys WHERE room_id = $1 AND note_id = $2', [roomId, noteId]);
    return rows[0]?.key_hash ?? null;
  }

  async castVote(roomId: string, round: number, voterKey: string, targetId: string, delta: 1 | -1, budget: number): Promise<VoteResult> {
    return this.transaction(async (client): Promise<VoteResult> => {
      // One voter's ballot at a time, across every process: the read and the write below
      // cannot interleave with another vote of the same person in the same round. (Row locks
      // would not do: the first vote has no row to lock yet.)
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.vote, `${roomId}\n${round}\n${voterKey}`]);
      const decision = decideVote(await this.ballotWith(client, roomId, round, voterKey), targetId, delta, budget);
      if (decision.ok && decision.count === 0) {
        await client.query('DELETE FROM ballots WHERE room_id = $1 AND round = $2 AND voter_key = $3 AND target_id = $4', [roomId, round, voterKey, targetId]);
      } else if (decision.ok) {
        await client.query(
          `INSERT INTO ballots (room_id, round, voter_key, target_id, count) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (room_id, round, voter_key, target_id) DO UPDATE SET count = excluded.count`,
          [roomId, round, voterKey, targetId, decision.count],
        );
      }
      return decision.result;
    });
  }

  private async ballotWith(client: pg.Pool | pg.PoolClient, roomId: string, round: number, voterKey: string): Promise<Record<string, number>> {
    const { rows } = await client.query<BallotRow>('SELECT target_id, count FROM ballots WHERE room_id = $1 AND round = $2 AND voter_key = $3', [
      roomId,
      round,
      voterKey,
    ]);
    return toBallot(rows);
  }

  async ballotOf(roomId: string, round: number, voterKey: string): Promise<Record<string, number>> {
    return this.ballotWith(this.pool, roomId, round, voterKey);
  }

  async voteTotals(roomId: string, round: number): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ target_id: string; n: string }>(
      'SELECT target_id, sum(count) AS n FROM ballots WHERE room_id = $1 AND round = $2 GROUP BY target_id',
      [roomId, round],
    );
    const out: Record<string, number> = {};
    for (const row of rows) out[row.target_id] = Number(row.n);
    return out;
  }

  async countPost(roomId: string, stepKey: string, poster: string, limit: number | null): Promise<number | null> {
    const { find, fill } = postgresSlots(this.pool, roomId, stepKey);
    return fillNextSlot(poster, limit, find, fill);
  }

  async postCount(roomId: string, stepKey: string, poster: string): Promise<number> {
    return countFilledSlots(poster, postgresSlots(this.pool, roomId, stepKey).find);
  }

  async putIdempotentReply(reply: IdempotentReply): Promise<void> {
    await this.pool.query(
      `INSERT INTO idempotent_replies (room_id, key, sealed, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (room_id, key) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at`,
      [reply.roomId, reply.key, reply.sealed, reply.expiresAt],
    );
  }

  async getIdempotentReply(roomId: string, key: string, now: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ sealed: string }>('SELECT sealed FROM idempotent_replies WHERE room_id = $1 AND key = $2 AND expires_at > $3', [
      roomId,
      key,
      now,
    ]);
    return rows[0]?.sealed ?? null;
  }

  async deleteExpiredIdempotentReplies(now: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM idempotent_replies WHERE expires_at <= $1', [now]);
    return rowCount ?? 0;
  }

  /**
   * Holds a transaction-scoped advisory lock on the room, on a connection of its own, while `fn`
   * runs. Every process takes the same lock, so facilitation commands on one room run one at a
   * time across the whole deployment. A process that dies while holding it loses its connection,
   * and PostgreSQL releases the lock with it.
   */
  async withRoomLock<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
    return this.transaction(
      async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.room, roomId]);
        return fn();
      },
      'BEGIN',
      this.lockPool,
    );
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.lockPool.end()]);
  }
}
