import { sql } from 'kysely';
import { columnTypes, legacyVersion, type SchemaStep } from './dialect.ts';

const ROLES = sql`role IN ('facilitator', 'participant', 'presenter')`;

/** Presenter tokens, and participants the facilitator removed (legacy version 4). */
export const presentersAndRevocation: SchemaStep = async (db, dialect) => {
  if ((await legacyVersion(db, dialect)) >= 4) return;
  if (dialect === 'postgres') {
    await db.schema.alterTable('tokens').dropConstraint('tokens_role_check').execute();
    await db.schema.alterTable('tokens').addCheckConstraint('tokens_role_check', ROLES).execute();
    await db.schema.alterTable('tokens').addColumn('revoked_at', 'bigint').execute();
    await db.schema.dropIndex('tokens_room').execute();
  } else {
    // SQLite cannot change a CHECK constraint in place, so the table is rebuilt (nothing references it).
    await db.schema
      .createTable('tokens_v3')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull().check(ROLES))
      .addColumn('participant_id', 'text')
      .addColumn('name', 'text')
      .addColumn('created_at', columnTypes(dialect).epochMs, (c) => c.notNull())
      .addColumn('revoked_at', 'integer')
      .execute();
    await sql`INSERT INTO tokens_v3 (hash, room_id, role, participant_id, name, created_at)
      SELECT hash, room_id, role, participant_id, name, created_at FROM tokens`.execute(db);
    await db.schema.dropTable('tokens').execute();
    await db.schema.alterTable('tokens_v3').renameTo('tokens').execute();
  }
  await db.schema.createIndex('tokens_room').on('tokens').columns(['room_id', 'participant_id']).execute();
};
