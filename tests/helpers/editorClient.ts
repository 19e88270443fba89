import * as Y from 'yjs';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { LOCAL_ORIGIN } from '@tributary/shared/origins';
import type { Role } from '@tributary/shared/protocol';
import type { EditorClient, PointerInput } from '../../client/src/editor/EditorController.ts';
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

/** One turn of the event loop: what the editor's store updates wait for. */
export const tick = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

let pointerTime = 1000;
/** A mouse pointer at (x, y), a second after the last one (so no two presses read as a double click). */
export function ptr(x: number, y: number, extra: Partial<PointerInput> = {}): PointerInput {
  pointerTime += 1000;
  return { id: 1, x, y, button: 0, shift: false, mod: false, type: 'mouse', time: pointerTime, ...extra };
}
