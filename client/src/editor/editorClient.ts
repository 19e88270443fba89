import type * as Y from 'yjs';
import type { Role } from '@tributary/shared/protocol';
import type { BoardRights } from '../sync/boardRights.ts';
import type { BoardSnapshot } from '../sync/boardStore.ts';
import type { PresenceState, PresenceUser } from '../sync/presenceState.ts';
import type { Store } from '../sync/store.ts';

/** What the editor needs from a RoomClient (a RoomClient fits; tests pass a plain Y.Doc setup). */
export interface EditorClient {
  readonly board: Y.Doc;
  readonly boardStore: Store<BoardSnapshot>;
  readonly undoManager: Y.UndoManager;
  readonly presence: Store<PresenceUser[]>;
  readonly session: { name?: string; role: Role; participantId?: string };
  setPresence(partial: Partial<PresenceState>): void;
  /** What the person may change now, by the server's own rules (a RoomClient gives it; without it, everything). */
  boardRights?(): BoardRights;
  /** Keeps text typed into a note the board no longer has (the server refused it in a race). */
  keepTypedText?(noteId: string, text: string): void;
  /** The session's state, for the area the current step is about ("Fit" shows it when the board is too big). */
  readonly controlStore?: { get(): { areaId: string | null } };
}
