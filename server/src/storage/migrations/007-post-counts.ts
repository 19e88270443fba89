import { keyedByPrimaryKey, type SchemaStep } from './dialect.ts';

/**
 * The notes each person has posted in each step, so a post limit holds across processes and
 * restarts: one row per note, keyed by a slot that tells nobody whose note it was
 * (storage/postSlots.ts says why not a row per person with a count).
 */
export const postCounts: SchemaStep = async (db, dialect) => {
  await db.schema
    .createTable('post_counts')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_counts_pkey', ['room_id', 'step_key', 'slot'])
    .$call(keyedByPrimaryKey(dialect))
    .execute();
};
