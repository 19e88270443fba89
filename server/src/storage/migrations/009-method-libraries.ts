import { columnTypes, type SchemaStep } from './dialect.ts';

/**
 * Facilitators' own methods (docs/API.md "Your own methods"): a library is known only by the
 * hash of its token, like a room's tokens; its methods go with it (ON DELETE CASCADE). Methods
 * are not room data: no row here names a room, a person or a note.
 */
export const methodLibraries: SchemaStep = async (db, dialect) => {
  const types = columnTypes(dialect);
  await db.schema
    .createTable('method_libraries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', types.epochMs, (c) => c.notNull())
    .addColumn('last_used_at', types.epochMs, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('method_libraries_last_used').on('method_libraries').column('last_used_at').execute();
  await db.schema
    .createTable('library_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('library_id', 'text', (c) => c.notNull().references('method_libraries.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('saved_at', types.epochMs, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('library_methods_library').on('library_methods').columns(['library_id', 'saved_at']).execute();
};
