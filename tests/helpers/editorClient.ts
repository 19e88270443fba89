import * as Y from 'yjs';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import type { Role } from '@tributary/shared/protocol';
import type { EditorClient } from '../../client/src/editor/EditorController.ts';
import { BoardStore } from '../../client/src/sync/boardStore.ts';
import type { PresenceState, PresenceUser } from '../../client/src/sync/presenceState.ts';
import { Store } from '../../client/src/sync/store.ts';

/**
 * What the editor needs from a RoomClient, over a fresh board document with no network: undo
 * tracks LOCAL_ORIGIN as the real client does, and every presence change is kept in `sent`.
 */
export function fakeEditorClient(): EditorClient & { doc: Y.Doc; sent: Partial<PresenceState>[] } {
  const doc = new Y.Doc();
  const sent: Partial<PresenceState>[] = [];
  return {
    doc,
    board: doc,
    boardStore: new BoardStore(doc),
    undoManager: new Y.UndoManager([notesMap(doc), areasMap(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 }),
    presence: new Store<PresenceUser[]>([]),
    session: { role: 'facilitator' as Role, name: 'Dee' },
    setPresence: (p) => sent.push(p),
    sent,
  };
}
