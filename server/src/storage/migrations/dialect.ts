import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** One migration, told which backend it runs on where the two need different SQL. */
export type SchemaStep = (db: Kysely<unknown>, dialect: SqlDialect) => Promise<void>;

/** The column types that the two backends spell differently. */
export const columnTypes = (dialect: SqlDialect) =>
  dialect === 'sqlite'
    ? ({ epochMs: 'integer', bytes: 'blob', sequence: 'integer' } as const)
    : ({ epochMs: 'bigint', bytes: 'bytea', sequence: 'bigserial' } as const);

/**
 * SQLite: a table keyed by its primary key alone (no rowid), for tables only ever read by key.
 * PostgreSQL has no such option and needs none.
 */
export const keyedByPrimaryKey =
  (dialect: SqlDialect) =>
  <T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    dialect === 'sqlite' ? table.modifyEnd(sql`WITHOUT ROWID`) : table;

/**
 * The version the hand-kept tracker recorded before Kysely's (0 where there was none): SQLite's
 * `PRAGMA user_version`, PostgreSQL's `schema_migrations`. Its versions 1-4 are steps 001-004.
 */
export async function legacyVersion(db: Kysely<unknown>, dialect: SqlDialect): Promise<number> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
    return rows[0]?.user_version ?? 0;
  }
  const tracker = await sql<{ present: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`.execute(db);
  if (!tracker.rows[0]?.present) return 0;
  const { rows } = await sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`.execute(db);
  return rows[0]?.version ?? 0;
}
