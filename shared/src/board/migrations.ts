import * as Y from 'yjs';
import { SERVER_ORIGIN } from '../origins.ts';
import { controlMap } from '../control/state.ts';
import { areasMap, boardMeta, notesMap } from './schema.ts';

/**
 * Versioned migrations of the board document, run by the server when it loads a room
 * (tldraw's approach). Each step moves the document from `version - 1` to `version`.
 * Add a step here when a record's shape changes; never edit a released one.
 *
 * The version lives in the `control` document, which only the server writes: a version kept in
 * the board could be set to 999 by any client, and every later migration would be skipped.
 */
interface BoardMigration {
  version: number;
  up(board: Y.Doc): void;
}

/** The control document's key holding the board's schema version. */
export const BOARD_SCHEMA_VERSION_KEY = 'boardSchemaVersion';

const MIGRATIONS: BoardMigration[] = [
  {
    // Version 1: the first shape (notes and areas as Y.Maps). Only stamps the version.
    version: 1,
    up() {},
  },
  {
    // Version 2: the record layer. Clients could once write anything into the board; a bare value
    // where a record belongs made every export fail. Such values are removed, and the version
    // moves out of the board's `meta` map.
    version: 2,
    up(board) {
      for (const records of [notesMap(board), areasMap(board)]) {
        for (const [id, value] of [...records.entries()]) {
          if (!(value instanceof Y.Map)) records.delete(id);
        }
      }
      const meta = boardMeta(board);
      for (const key of [...meta.keys()]) meta.delete(key);
    },
  },
];

export const BOARD_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The version a board is at. Boards from before version 2 kept it in their own `meta` map, where
 * any client could write; the only version ever stamped there was 1, so any other value there is
 * not believed.
 */
export function boardSchemaVersion(board: Y.Doc, control: Y.Doc): number {
  const stamped = controlMap(control).get(BOARD_SCHEMA_VERSION_KEY);
  if (typeof stamped === 'number') return stamped;
  return boardMeta(board).get('schemaVersion') === 1 ? 1 : 0;
}

/** Brings a board document up to the current schema. Returns true when it changed anything. */
export function migrateBoard(board: Y.Doc, control: Y.Doc): boolean {
  const current = boardSchemaVersion(board, control);
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return false;
  board.transact(() => {
    for (const migration of pending) migration.up(board);
  }, SERVER_ORIGIN);
  control.transact(() => controlMap(control).set(BOARD_SCHEMA_VERSION_KEY, BOARD_SCHEMA_VERSION), SERVER_ORIGIN);
  return true;
}
