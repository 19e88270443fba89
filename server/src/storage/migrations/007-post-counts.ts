import { sql } from 'kysely';
import { keyedByPrimaryKey, type SchemaStep } from './dialect.ts';

/** How many notes each poster has posted in each step, so a post limit holds across processes and restarts. */
export const postCounts: SchemaStep = async (db, dialect) => {
  await db.schema
    .createTable('post_counts')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('poster', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count > 0`))
    .addPrimaryKeyConstraint('post_counts_pkey', ['room_id', 'step_key', 'poster'])
    .$call(keyedByPrimaryKey(dialect))
    .execute();
};
