import * as Y from 'yjs';
import { SERVER_ORIGIN } from '../origins.ts';
import { controlMap, readControl } from '../control/state.ts';
import { TEMPLATES } from '../templates/index.ts';
import type { AreaRole } from './records.ts';
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
  up(board: Y.Doc, control: Y.Doc): void;
}

/** The role of each area title the shipped templates ever put on a board. */
function templateRolesByTitle(): Map<string, AreaRole> {
  const roles = new Map<string, AreaRole>();
  for (const template of TEMPLATES) for (const area of template.areas) if (area.role) roles.set(area.title, area.role);
  return roles;
}

/** The placeholder Recovery River's first four stages carried before the facilitator was asked to describe them. */
const OLD_RIVER_PLACEHOLDER = 'This stage is for the group to name and describe: how might someone be feeling here, and what is going on for them?';

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
  {
    // Version 3: areas have roles, and features find areas by role, never by title. Areas a
    // template made get their role where it can be told: the areas a method rotates groups across
    // are tables, a group's own area is the group's, and an area still titled as a template named
    // it takes that area's role. A river stage's old placeholder description goes: no placeholder
    // ever reaches a participant.
    version: 3,
    up(board, control) {
      const { method, groups } = readControl(control);
      const byTitle = templateRolesByTitle();
      const tables = new Set(method.rotate ? (method.rotationAreaIds ?? []) : []);
      const groupAreas = new Set(groups.map((g) => g.areaId).filter((id): id is string => typeof id === 'string'));
      areasMap(board).forEach((area, id) => {
        if (!(area instanceof Y.Map)) return;
        if (area.get('description') === OLD_RIVER_PLACEHOLDER) area.delete('description');
        if (area.has('role')) return;
        const title = area.get('title');
        const role = tables.has(id) ? 'table' : groupAreas.has(id) ? 'group' : typeof title === 'string' ? byTitle.get(title) : undefined;
        if (role) area.set('role', role);
      });
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
    for (const migration of pending) migration.up(board, control);
  }, SERVER_ORIGIN);
  control.transact(() => controlMap(control).set(BOARD_SCHEMA_VERSION_KEY, BOARD_SCHEMA_VERSION), SERVER_ORIGIN);
  return true;
}
