import type Database from 'better-sqlite3';
import type pg from 'pg';
import { pgTransaction, SqliteStatements } from './sharedSql.ts';

/** A facilitator's library, found by the hash of its token (the token itself is never stored). */
export interface LibraryRecord {
  id: string;
  tokenHash: string;
  createdAt: number;
  lastUsedAt: number;
}

export interface MethodSummary {
  id: string;
  title: string;
  savedAt: number;
}

export interface StoredMethod extends MethodSummary {
  /** The method definition as JSON text, checked by parseTemplate before it was stored. */
  definition: string;
}

/**
 * Facilitators' own methods (migration 009). Not room data: nothing here names a room or a
 * person, and deleting a room leaves them. Every read and write of a method names its library,
 * so one library's token never reaches another's methods.
 */
export interface MethodLibraryStore {
  createLibrary(library: LibraryRecord): Promise<void>;
  /** The library with this token hash; marks it used at `now` (retention counts from it). */
  useLibrary(tokenHash: string, now: number): Promise<LibraryRecord | null>;
  /** Deletes the library and every method in it. */
  deleteLibrary(libraryId: string): Promise<void>;
  /** Libraries nobody has used since `before` are deleted with their methods; resolves with how many. */
  deleteIdleLibraries(before: number): Promise<number>;
  /** Stores a method unless the library already holds `max`; false when it is full. Atomic. */
  addMethod(libraryId: string, method: StoredMethod, max: number): Promise<boolean>;
  listMethods(libraryId: string): Promise<MethodSummary[]>;
  getMethod(libraryId: string, methodId: string): Promise<StoredMethod | null>;
  /** False when the library has no such method. */
  deleteMethod(libraryId: string, methodId: string): Promise<boolean>;
}

interface LibraryRow {
  id: string;
  token_hash: string;
  created_at: number | string;
  last_used_at: number | string;
}
interface MethodRow {
  id: string;
  title: string;
  saved_at: number | string;
  definition?: string;
}

const toLibrary = (row: LibraryRow): LibraryRecord => ({ id: row.id, tokenHash: row.token_hash, createdAt: Number(row.created_at), lastUsedAt: Number(row.last_used_at) });
const toSummary = (row: MethodRow): MethodSummary => ({ id: row.id, title: row.title, savedAt: Number(row.saved_at) });
const toMethod = (row: MethodRow): StoredMethod => ({ ...toSummary(row), definition: row.definition ?? '' });

const SQL = {
  insertLibrary: 'INSERT INTO method_libraries (id, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4)',
  findLibrary: 'SELECT * FROM method_libraries WHERE token_hash = $1',
  touchLibrary: 'UPDATE method_libraries SET last_used_at = $1 WHERE id = $2 AND last_used_at < $3',
  deleteLibrary: 'DELETE FROM method_libraries WHERE id = $1',
  deleteIdle: 'DELETE FROM method_libraries WHERE last_used_at < $1',
  countMethods: 'SELECT count(*) AS n FROM library_methods WHERE library_id = $1',
  insertMethod: 'INSERT INTO library_methods (id, library_id, title, definition, saved_at) VALUES ($1, $2, $3, $4, $5)',
  listMethods: 'SELECT id, title, saved_at FROM library_methods WHERE library_id = $1 ORDER BY saved_at, id',
  getMethod: 'SELECT id, title, saved_at, definition FROM library_methods WHERE library_id = $1 AND id = $2',
  deleteMethod: 'DELETE FROM library_methods WHERE library_id = $1 AND id = $2',
} as const;

/** SQLite: better-sqlite3 is synchronous, so a count and an insert in one transaction are atomic. */
export class SqliteMethodLibraries implements MethodLibraryStore {
  private readonly sql: SqliteStatements<keyof typeof SQL>;
  private readonly addIfRoom: (libraryId: string, method: StoredMethod, max: number) => boolean;

  constructor(db: Database.Database) {
    this.sql = new SqliteStatements(db, SQL);
    this.addIfRoom = db.transaction((libraryId: string, method: StoredMethod, max: number) => {
      const { n } = this.sql.run<{ n: number }>('countMethods', libraryId).get()!;
      if (n >= max) return false;
      this.sql.run('insertMethod', method.id, libraryId, method.title, method.definition, method.savedAt).run();
      return true;
    });
  }

  async createLibrary(l: LibraryRecord): Promise<void> {
    this.sql.run('insertLibrary', l.id, l.tokenHash, l.createdAt, l.lastUsedAt).run();
  }
  async useLibrary(tokenHash: string, now: number): Promise<LibraryRecord | null> {
    const row = this.sql.run<LibraryRow>('findLibrary', tokenHash).get();
    if (!row) return null;
    this.sql.run('touchLibrary', now, row.id, now).run();
    return toLibrary(row);
  }
  async deleteLibrary(libraryId: string): Promise<void> {
    this.sql.run('deleteLibrary', libraryId).run();
  }
  async deleteIdleLibraries(before: number): Promise<number> {
    return this.sql.run('deleteIdle', before).run().changes;
  }
  async addMethod(libraryId: string, method: StoredMethod, max: number): Promise<boolean> {
    return this.addIfRoom(libraryId, method, max);
  }
  async listMethods(libraryId: string): Promise<MethodSummary[]> {
    return this.sql.run<MethodRow>('listMethods', libraryId).all().map(toSummary);
  }
  async getMethod(libraryId: string, methodId: string): Promise<StoredMethod | null> {
    const row = this.sql.run<MethodRow>('getMethod', libraryId, methodId).get();
    return row ? toMethod(row) : null;
  }
  async deleteMethod(libraryId: string, methodId: string): Promise<boolean> {
    return this.sql.run('deleteMethod', libraryId, methodId).run().changes > 0;
  }
}

/** PostgreSQL: the cap is checked with the library's row locked, so two saves cannot both take the last place. */
export class PostgresMethodLibraries implements MethodLibraryStore {
  constructor(private readonly pool: pg.Pool) {}

  async createLibrary(l: LibraryRecord): Promise<void> {
    await this.pool.query(SQL.insertLibrary, [l.id, l.tokenHash, l.createdAt, l.lastUsedAt]);
  }
  async useLibrary(tokenHash: string, now: number): Promise<LibraryRecord | null> {
    const { rows } = await this.pool.query<LibraryRow>(SQL.findLibrary, [tokenHash]);
    if (!rows[0]) return null;
    await this.pool.query(SQL.touchLibrary, [now, rows[0].id, now]);
    return toLibrary(rows[0]);
  }
  async deleteLibrary(libraryId: string): Promise<void> {
    await this.pool.query(SQL.deleteLibrary, [libraryId]);
  }
  async deleteIdleLibraries(before: number): Promise<number> {
    return (await this.pool.query(SQL.deleteIdle, [before])).rowCount ?? 0;
  }
  async addMethod(libraryId: string, method: StoredMethod, max: number): Promise<boolean> {
    return pgTransaction(this.pool, async (client) => {
      await client.query('SELECT id FROM method_libraries WHERE id = $1 FOR UPDATE', [libraryId]);
      const { rows } = await client.query<{ n: string }>(SQL.countMethods, [libraryId]);
      if (Number(rows[0]?.n ?? 0) >= max) return false;
      await client.query(SQL.insertMethod, [method.id, libraryId, method.title, method.definition, method.savedAt]);
      return true;
    });
  }
  async listMethods(libraryId: string): Promise<MethodSummary[]> {
    return (await this.pool.query<MethodRow>(SQL.listMethods, [libraryId])).rows.map(toSummary);
  }
  async getMethod(libraryId: string, methodId: string): Promise<StoredMethod | null> {
    const { rows } = await this.pool.query<MethodRow>(SQL.getMethod, [libraryId, methodId]);
    return rows[0] ? toMethod(rows[0]) : null;
  }
  async deleteMethod(libraryId: string, methodId: string): Promise<boolean> {
    return ((await this.pool.query(SQL.deleteMethod, [libraryId, methodId])).rowCount ?? 0) > 0;
  }
}
