import { sql } from 'kysely';
import { keyedByPrimaryKey, legacyVersion, type SchemaStep } from './dialect.ts';

/** Notes the server holds back, the edit keys of posted notes, and votes (legacy version 2). */
export const heldNotesKeysBallots: SchemaStep = async (db, dialect) => {
  if ((await legacyVersion(db, dialect)) >= 2) return;
  const byKey = keyedByPrimaryKey(dialect);
  await db.schema
    .createTable('held_notes')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('sealed', 'pending', 'hidden')`))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('edit_key_hash', 'text')
    .addPrimaryKeyConstraint('held_notes_pkey', ['room_id', 'id'])
    .$call(byKey)
    .execute();
  await db.schema
    .createTable('note_keys')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_keys_pkey', ['room_id', 'note_id'])
    .$call(byKey)
    .execute();
  await db.schema
    .createTable('ballots')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
    .addPrimaryKeyConstraint('ballots_pkey', ['room_id', 'round', 'voter_key', 'note_id'])
    .$call(byKey)
    .execute();
};
