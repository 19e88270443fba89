import { sql } from 'kysely';
import type { SchemaStep } from './dialect.ts';

/**
 * Kysely's record is now the only one. Clearing the old tracker also makes a server from before
 * this step refuse the database (it would try to create the tables again) instead of running on
 * a schema it does not know.
 */
export const oneMigrationHistory: SchemaStep = async (db, dialect) => {
  if (dialect === 'sqlite') await sql`PRAGMA user_version = 0`.execute(db);
  else await db.schema.dropTable('schema_migrations').ifExists().execute();
};
