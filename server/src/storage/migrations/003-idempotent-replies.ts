import { columnTypes, keyedByPrimaryKey, legacyVersion, type SchemaStep } from './dialect.ts';

/** Answers kept for requests made with an `Idempotency-Key` (legacy version 3). */
export const idempotentReplies: SchemaStep = async (db, dialect) => {
  if ((await legacyVersion(db, dialect)) >= 3) return;
  await db.schema
    .createTable('idempotent_replies')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('expires_at', columnTypes(dialect).epochMs, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotent_replies_pkey', ['room_id', 'key'])
    .$call(keyedByPrimaryKey(dialect))
    .execute();
  await db.schema.createIndex('idempotent_replies_expiry').on('idempotent_replies').column('expires_at').execute();
};
