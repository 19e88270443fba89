import { isBoardLocked } from '@tributary/shared';
import type { SyncExtension } from './hooks.ts';

/**
 * Who may write what (DESIGN.md section 2): nobody but the server writes `control`; the
 * presenter (projector) writes nothing; participants write `board` unless the facilitator has
 * locked it.
 */
export const accessRules: SyncExtension = {
  name: 'access-rules',
  priority: 10,
  canWrite({ room, connection, docName }) {
    if (docName === 'control') return false;
    if (connection.identity.role === 'presenter') return false;
    if (connection.identity.role === 'facilitator') return true;
    return !isBoardLocked(room.doc('control'));
  },
};
