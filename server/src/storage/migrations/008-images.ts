import { columnTypes, keyedByPrimaryKey, type SchemaStep } from './dialect.ts';

/**
 * Pictures on the board (photos of paper, sketch notes), already stripped of metadata. A row
 * holds the room, a random id, the type, the bytes and their size, and nothing about who sent
 * it or when: no token, no participant, no time, and (SQLite: WITHOUT ROWID) no sequence that
 * would order the uploads. Deleted with the room.
 */
export const images: SchemaStep = async (db, dialect) => {
  const types = columnTypes(dialect);
  await db.schema
    .createTable('images')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', types.bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('images_pkey', ['room_id', 'id'])
    .$call(keyedByPrimaryKey(dialect))
    .execute();
};
