import type { SchemaStep } from './dialect.ts';

/** A ballot line counts votes for a note or for an area: the column is named for both. */
export const ballotTargetId: SchemaStep = async (db) => {
  await db.schema.alterTable('ballots').renameColumn('note_id', 'target_id').execute();
};
