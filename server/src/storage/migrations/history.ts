/**
 * The one schema of both SQL backends is this list of steps, run in order by Kysely's Migrator
 * (index.ts says what each does) and recorded in MIGRATION_TABLE. A new table or column is a new
 * step at the end; a released step is never edited. Steps 001-004 are the schema that the
 * hand-kept trackers (SQLite `PRAGMA user_version`, PostgreSQL `schema_migrations`) had built,
 * so a database they made is adopted: each of those steps does nothing where the old tracker
 * says it already ran, and step 005 retires the old tracker.
 *
 * This file imports nothing: storage checks it on open, and loads Kysely only when a step is
 * missing (loading it costs seconds of start-up under tsx on a busy machine).
 */
export const MIGRATION_NAMES = [
  '001-rooms-tokens-documents',
  '002-held-notes-keys-ballots',
  '003-idempotent-replies',
  '004-presenters-and-revocation',
  '005-one-migration-history',
  '006-ballot-target-id',
  '007-post-counts',
  '008-images',
] as const;

export type MigrationName = (typeof MIGRATION_NAMES)[number];

/** Where the Migrator records the steps that have run, one row per step (column `name`). */
export const MIGRATION_TABLE = 'kysely_migration';

/** Whether every step is among those a database recorded. */
export const isUpToDate = (recorded: readonly string[]): boolean => MIGRATION_NAMES.every((name) => recorded.includes(name));
