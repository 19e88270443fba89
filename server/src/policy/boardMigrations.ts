import { migrateBoard } from '@tributary/shared/board/migrations';
import type { SyncExtension } from '../sync/hooks.ts';

/** Brings every board up to the current schema when its room is loaded. */
export const boardMigrations: SyncExtension = {
  name: 'board-migrations',
  priority: 20,
  afterLoad(room) {
    migrateBoard(room.doc('board'), room.doc('control'));
  },
};
