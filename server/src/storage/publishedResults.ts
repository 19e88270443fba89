import type Database from 'better-sqlite3';
import type pg from 'pg';
import { SqliteStatements } from './sharedSql.ts';

/**
 * A published "what we said" page (routes/results.ts). `salt` is random per publication; the
 * link's token is derived from it and the publishing facilitator's token (never stored).
 */
export interface PublishedResults {
  tokenHash: string;
  roomId: string;
  salt: string;
  /** "What happened next", written by the facilitator later; empty when there is none. */
  next: string;
  publishedAt: number;
  revokedAt: number | null;
}

export type NewPublishedResults = Omit<PublishedResults, 'next' | 'revokedAt'>;

/** The rooms' published pages (migration 010's table), deleted with their room. */
export interface ResultsStore {
  /**
   * Publishes a "what we said" page: a new link, known here only by its token's hash. The caller
   * (under the room's lock) takes down any live one first: a room has at most one live page.
   */
  publish(page: NewPublishedResults): Promise<void>;
  /** The room's live page, or null when none is published (taken-down pages are not live). */
  live(roomId: string): Promise<PublishedResults | null>;
  /** A page by its token's hash, live or taken down; null when there is no such page. */
  find(tokenHash: string): Promise<PublishedResults | null>;
  /** Sets the live page's "what happened next"; resolves false when no page is live. */
  setNext(roomId: string, next: string): Promise<boolean>;
  /** Takes the live page down at `at` (its "what happened next" is wiped); false when none is live. */
  revoke(roomId: string, at: number): Promise<boolean>;
}

/** As rows.ts: PostgreSQL returns BIGINT columns as strings, SQLite as numbers. */
interface PublishedResultsRow {
  token_hash: string;
  room_id: string;
  salt: string;
  next_text: string;
  published_at: number | string;
  revoked_at: number | string | null;
}

function toPublishedResults(row: PublishedResultsRow): PublishedResults {
  return {
    tokenHash: row.token_hash,
    roomId: row.room_id,
    salt: row.salt,
    next: row.next_text,
    publishedAt: Number(row.published_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

const SQL = {
  publish: 'INSERT INTO published_results (token_hash, room_id, salt, published_at) VALUES ($1, $2, $3, $4)',
  live: 'SELECT * FROM published_results WHERE room_id = $1 AND revoked_at IS NULL',
  find: 'SELECT * FROM published_results WHERE token_hash = $1',
  setNext: 'UPDATE published_results SET next_text = $1 WHERE room_id = $2 AND revoked_at IS NULL',
  revoke: "UPDATE published_results SET revoked_at = $1, next_text = '' WHERE room_id = $2 AND revoked_at IS NULL",
} as const;

const publishParams = (page: NewPublishedResults) => [page.tokenHash, page.roomId, page.salt, page.publishedAt];

export class SqliteResults implements ResultsStore {
  private readonly sql: SqliteStatements<keyof typeof SQL>;

  constructor(db: Database.Database) {
    this.sql = new SqliteStatements(db, SQL);
  }

  async publish(page: NewPublishedResults): Promise<void> {
    this.sql.run('publish', ...publishParams(page)).run();
  }
  async live(roomId: string): Promise<PublishedResults | null> {
    const row = this.sql.run<PublishedResultsRow>('live', roomId).get();
    return row ? toPublishedResults(row) : null;
  }
  async find(tokenHash: string): Promise<PublishedResults | null> {
    const row = this.sql.run<PublishedResultsRow>('find', tokenHash).get();
    return row ? toPublishedResults(row) : null;
  }
  async setNext(roomId: string, next: string): Promise<boolean> {
    return this.sql.run('setNext', next, roomId).run().changes > 0;
  }
  async revoke(roomId: string, at: number): Promise<boolean> {
    return this.sql.run('revoke', at, roomId).run().changes > 0;
  }
}

export class PostgresResults implements ResultsStore {
  constructor(private readonly pool: pg.Pool) {}

  async publish(page: NewPublishedResults): Promise<void> {
    await this.pool.query(SQL.publish, publishParams(page));
  }
  async live(roomId: string): Promise<PublishedResults | null> {
    const { rows } = await this.pool.query<PublishedResultsRow>(SQL.live, [roomId]);
    return rows[0] ? toPublishedResults(rows[0]) : null;
  }
  async find(tokenHash: string): Promise<PublishedResults | null> {
    const { rows } = await this.pool.query<PublishedResultsRow>(SQL.find, [tokenHash]);
    return rows[0] ? toPublishedResults(rows[0]) : null;
  }
  async setNext(roomId: string, next: string): Promise<boolean> {
    return ((await this.pool.query(SQL.setNext, [next, roomId])).rowCount ?? 0) > 0;
  }
  async revoke(roomId: string, at: number): Promise<boolean> {
    return ((await this.pool.query(SQL.revoke, [at, roomId])).rowCount ?? 0) > 0;
  }
}
