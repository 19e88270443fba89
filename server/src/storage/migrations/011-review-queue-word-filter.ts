import { sql } from 'kysely';
import { keyedByPrimaryKey, type SchemaStep } from './dialect.ts';

const HELD_STATES = sql`state IN ('sealed', 'pending', 'hidden', 'queued')`;

/**
 * Notes waiting for the facilitator (review steps and the word filter) are held notes with a
 * new state, `queued`; and a room's word filter is kept with the room, never in a document
 * participants receive.
 *
 * The held-notes state is checked by a CHECK constraint, which only widens here: every stored
 * row (sealed, pending, hidden) still passes, so rows are copied as they are. SQLite cannot
 * change a constraint, so the table is rebuilt under the same name; PostgreSQL swaps it.
 */
export const reviewQueueWordFilter: SchemaStep = async (db, dialect) => {
  if (dialect === 'sqlite') {
    await db.schema
      .createTable('held_notes_011')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull().check(HELD_STATES))
      .addColumn('step_index', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('edit_key_hash', 'text')
      .addPrimaryKeyConstraint('held_notes_pkey', ['room_id', 'id'])
      .$call(keyedByPrimaryKey(dialect))
      .execute();
    await sql`INSERT INTO held_notes_011 (id, room_id, state, step_index, data, edit_key_hash) SELECT id, room_id, state, step_index, data, edit_key_hash FROM held_notes`.execute(db);
    await db.schema.dropTable('held_notes').execute();
    await db.schema.alterTable('held_notes_011').renameTo('held_notes').execute();
  } else {
    // Every check on the state column, whatever the tracker that made the table named it.
    const { rows } = await sql<{ name: string }>`
      SELECT conname AS name FROM pg_constraint
      WHERE conrelid = 'held_notes'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%state%'`.execute(db);
    for (const { name } of rows) await sql`ALTER TABLE held_notes DROP CONSTRAINT ${sql.id(name)}`.execute(db);
    await sql`ALTER TABLE held_notes ADD CONSTRAINT held_notes_state_check CHECK (${HELD_STATES})`.execute(db);
  }
  await db.schema
    .createTable('word_filters')
    .addColumn('room_id', 'text', (c) => c.notNull().primaryKey().references('rooms.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // JSON: { [language]: string[] } for the languages the facilitator edited; others use the starter list.
    .addColumn('words', 'text', (c) => c.notNull())
    .execute();
};
