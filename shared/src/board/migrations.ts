import type * as Y from 'yjs';
import { SERVER_ORIGIN } from '../origins.ts';
import { boardMeta } from './schema.ts';

/**
 * Versioned migrations of the board document, run by the server when it loads a room
 * (tldraw's approach). Each step moves the document from `version - 1` to `version`.
 * Add a step here when a record's shape changes; never edit a released one.
 */
interface BoardMigration {
  version: number;
  up(doc: Y.Doc): void;
}

const MIGRATIONS: BoardMigration[] = [
  {
    // Version 1: the first shape (notes and areas as Y.Maps). Only stamps the version.
    version: 1,
    up() {},
  },
];

export const BOARD_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings a board document up to the current schema. Returns true when it changed anything. */
export function migrateBoard(doc: Y.Doc): boolean {
  const meta = boardMeta(doc);
  const current = typeof meta.get('schemaVersion') === 'number' ? (meta.get('schemaVersion') as number) : 0;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return false;
  doc.transact(() => {
    for (const migration of pending) migration.up(doc);
    meta.set('schemaVersion', BOARD_SCHEMA_VERSION);
  }, SERVER_ORIGIN);
  return true;
}
