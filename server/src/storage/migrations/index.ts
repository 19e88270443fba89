import { DEFAULT_MIGRATION_TABLE, Migrator, type Kysely, type Migration } from 'kysely';
import type { SchemaStep, SqlDialect } from './dialect.ts';
import { roomsTokensDocuments } from './001-rooms-tokens-documents.ts';
import { heldNotesKeysBallots } from './002-held-notes-keys-ballots.ts';
import { idempotentReplies } from './003-idempotent-replies.ts';
import { presentersAndRevocation } from './004-presenters-and-revocation.ts';
import { oneMigrationHistory } from './005-one-migration-history.ts';
import { ballotTargetId } from './006-ballot-target-id.ts';
import { postCounts } from './007-post-counts.ts';

export type { SqlDialect } from './dialect.ts';

/**
 * The one schema of both SQL backends, as Kysely migrations that Kysely's Migrator runs on open
 * and records in `kysely_migration`. A new table or column is a new step at the end of this
 * list; a released step is never edited. Steps 001-004 are the schema that the hand-kept
 * trackers (SQLite `PRAGMA user_version`, PostgreSQL `schema_migrations`) had built, so a
 * database they made is adopted: each of those steps does nothing where the old tracker says it
 * already ran, and step 005 retires the old tracker.
 */
const STEPS: ReadonlyArray<readonly [name: string, step: SchemaStep]> = [
  ['001-rooms-tokens-documents', roomsTokensDocuments],
  ['002-held-notes-keys-ballots', heldNotesKeysBallots],
  ['003-idempotent-replies', idempotentReplies],
  ['004-presenters-and-revocation', presentersAndRevocation],
  ['005-one-migration-history', oneMigrationHistory],
  ['006-ballot-target-id', ballotTargetId],
  ['007-post-counts', postCounts],
];

/**
 * Runs every step not yet recorded, in order. PostgreSQL: in one transaction, under Kysely's
 * advisory lock, so processes starting together apply them once. SQLite: Kysely runs no
 * transaction of its own there, so the caller holds one around this.
 *
 * @param migrationTableSchema where Kysely keeps its record (PostgreSQL: the schema the tables
 *   go to; without it Kysely would take a `kysely_migration` table in any schema as its own).
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: SqlDialect, migrationTableSchema?: string): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of STEPS) migrations[name] = { up: (kysely) => step(kysely as Kysely<unknown>, dialect) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(`schema migration failed: ${String(error)}`);
}

/** The names of every step, in order. */
export const MIGRATION_NAMES: readonly string[] = STEPS.map(([name]) => name);

/** The table where Kysely's Migrator records the steps that have run, one row per step (column `name`). */
export const MIGRATION_TABLE = DEFAULT_MIGRATION_TABLE;

/** Whether every step is among those a database recorded. */
export const isUpToDate = (recorded: readonly string[]): boolean => MIGRATION_NAMES.every((name) => recorded.includes(name));
