import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type PostgresPool, type SqliteDatabase } from 'kysely';
import type { SchemaStep, SqlDialect } from './dialect.ts';
import { MIGRATION_TABLE, type MigrationName } from './history.ts';
import { roomsTokensDocuments } from './001-rooms-tokens-documents.ts';
import { heldNotesKeysBallots } from './002-held-notes-keys-ballots.ts';
import { idempotentReplies } from './003-idempotent-replies.ts';
import { presentersAndRevocation } from './004-presenters-and-revocation.ts';
import { oneMigrationHistory } from './005-one-migration-history.ts';
import { ballotTargetId } from './006-ballot-target-id.ts';
import { postCounts } from './007-post-counts.ts';
import { images } from './008-images.ts';

export type { SqlDialect } from './dialect.ts';

/** What each step of the history (history.ts) does. */
const STEPS: Record<MigrationName, SchemaStep> = {
  '001-rooms-tokens-documents': roomsTokensDocuments,
  '002-held-notes-keys-ballots': heldNotesKeysBallots,
  '003-idempotent-replies': idempotentReplies,
  '004-presenters-and-revocation': presentersAndRevocation,
  '005-one-migration-history': oneMigrationHistory,
  '006-ballot-target-id': ballotTargetId,
  '007-post-counts': postCounts,
  '008-images': images,
};

/**
 * Runs every missing step on the storage's own SQLite connection. Kysely opens no transaction
 * on SQLite, so the caller holds one around this.
 */
export async function migrateSqlite(database: SqliteDatabase): Promise<void> {
  // Never destroyed: Kysely's SQLite driver would close the connection the storage keeps using.
  await migrateToLatest(new Kysely<unknown>({ dialect: new SqliteDialect({ database }) }), 'sqlite');
}

/**
 * Runs every missing step through the storage's pool, in one transaction under Kysely's
 * advisory lock, so processes starting together apply them once.
 *
 * @param schema where the tables go, and Kysely's record with them (without it Kysely would take
 *   a `kysely_migration` table in any schema of the database as its own).
 */
export async function migratePostgres(pool: PostgresPool, schema: string): Promise<void> {
  // Never destroyed: that would end the pool, which the storage keeps using.
  await migrateToLatest(new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), 'postgres', schema);
}

async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialect, migrationTableSchema?: string): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(STEPS)) migrations[name] = { up: (kysely) => step(kysely as Kysely<unknown>, dialect) };
  const migrator = new Migrator({
    db,
    migrationTableName: MIGRATION_TABLE,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(`schema migration failed: ${String(error)}`);
}
