import { sql } from 'kysely';
import { columnTypes, legacyVersion, type SchemaStep } from './dialect.ts';

/** Rooms, their bearer tokens, and each document's update log and snapshot (legacy version 1). */
export const roomsTokensDocuments: SchemaStep = async (db, dialect) => {
  if ((await legacyVersion(db, dialect)) >= 1) return;
  const type = columnTypes(dialect);
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template', 'text')
    .addColumn('join_code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', type.epochMs, (c) => c.notNull())
    .addColumn('last_active_at', type.epochMs, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rooms_last_active').on('rooms').column('last_active_at').execute();
  await db.schema
    .createTable('tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('facilitator', 'participant')`))
    .addColumn('participant_id', 'text')
    .addColumn('name', 'text')
    .addColumn('created_at', type.epochMs, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_room').on('tokens').column('room_id').execute();
  await db.schema
    .createTable('doc_updates')
    // SQLite: AUTOINCREMENT never hands out a sequence number again, even after the newest row is deleted.
    .addColumn('seq', type.sequence, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('data', type.bytes, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('doc_updates_doc').on('doc_updates').columns(['room_id', 'doc', 'seq']).execute();
  await db.schema
    .createTable('doc_snapshots')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('data', type.bytes, (c) => c.notNull())
    .addColumn('upto_seq', type.epochMs, (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_snapshots_pkey', ['room_id', 'doc'])
    .execute();
};
