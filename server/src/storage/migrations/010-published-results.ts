import { columnTypes, type SchemaStep } from './dialect.ts';

/**
 * The "what we said" pages a facilitator published: one row per link, known only by its token's
 * hash. A taken-down link keeps its row (so it answers "taken down", not "no such page") until the
 * room goes; every row goes with the room (ON DELETE CASCADE), by deletion or by retention.
 * `salt` makes each publication's link new; the link itself is derived from it and the
 * publishing facilitator's token, which is never stored (publishedResults.ts says why).
 */
export const publishedResults: SchemaStep = async (db, dialect) => {
  const types = columnTypes(dialect);
  await db.schema
    .createTable('published_results')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('next_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', types.epochMs, (c) => c.notNull())
    .addColumn('revoked_at', types.epochMs)
    .execute();
  await db.schema.createIndex('published_results_room').on('published_results').column('room_id').execute();
};
