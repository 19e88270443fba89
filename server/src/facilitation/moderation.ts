import { deleteNotes } from '@tributary/shared/board/mutations';
import { noteFields } from '@tributary/shared/board/note';
import { getNote } from '@tributary/shared/board/queries';
import { notesMap } from '@tributary/shared/board/schema';
import { readControl } from '@tributary/shared/control/state';
import { SERVER_ORIGIN } from '@tributary/shared/origins';
import { Errors } from '../errors.ts';
import type { HeldNote, Storage } from '../storage/types.ts';
import type { Room } from '../sync/room.ts';
import type { Notes } from './notes.ts';

/**
 * Moderation acts on notes people can see. A sealed note (private writing, before the reveal)
 * or a pending anonymous one (waiting for its batch) is not out yet: hiding it would show its
 * words to the facilitator early, and unhiding would put it on the board alone, before the
 * reveal or outside its batch (whose size is what keeps its author unknown).
 */
function refuseBeforeItIsOut(held: HeldNote): void {
  if (held.state === 'sealed') {
    throw new Errors.NoteNotOnBoardYet({ reason: 'sealed' });
  }
  if (held.state === 'pending') {
    throw new Errors.NoteNotOnBoardYet({ reason: 'waiting' });
  }
  if (held.state === 'queued') {
    throw new Errors.NoteNotOnBoardYet({ reason: 'queued' });
  }
}

/** The facilitator's moderation: hiding and unhiding notes, taking a participant out. Runs under the room's lock. */
export class Moderation {
  constructor(
    private readonly storage: Storage,
    /** Puts held notes back on the board (unhide). */
    private readonly notes: Notes,
  ) {}

  /** The notes the facilitator took off the board, to look at again or put back. */
  async hiddenNotes(room: Room) {
    return (await this.storage.listHeldNotes(room.id, 'hidden')).map((n) => ({
      noteId: n.id,
      text: n.data.text,
      anonymous: n.data.anonymous,
      ...(n.data.authorName ? { authorName: n.data.authorName } : {}),
    }));
  }

  /**
   * The facilitator takes someone out of the session: their token is revoked in storage (so
   * every process, and this one after a restart, refuses it) and their open sockets close.
   */
  async removeParticipant(room: Room, participantId: string): Promise<void> {
    const tokens = await this.storage.revokeParticipant(room.id, participantId, Date.now());
    if (tokens === 0) throw new Errors.ParticipantNotFound();
    room.closeParticipant(participantId);
  }

  /** Takes a note off every board for real: its content leaves the document and the stored log. */
  async hide(room: Room, noteId: string): Promise<void> {
    const held = await this.storage.getHeldNote(room.id, noteId);
    if (held) {
      // Sealed and waiting notes are refused; a held note that is not is already hidden.
      refuseBeforeItIsOut(held);
      return;
    }
    const board = room.doc('board');
    const note = getNote(board, noteId);
    if (!note) throw new Errors.NoteNotFound();
    const data = noteFields(note);
    const editKeyHash = await this.storage.getNoteKey(room.id, noteId);
    await this.storage.putHeldNote({ id: noteId, roomId: room.id, state: 'hidden', stepIndex: readControl(room.doc('control')).stepIndex, data, editKeyHash });
    deleteNotes(board, [noteId], SERVER_ORIGIN);
    await room.compactNow('board');
  }

  async unhide(room: Room, noteId: string): Promise<void> {
    const held = await this.storage.getHeldNote(room.id, noteId);
    if (held) refuseBeforeItIsOut(held);
    if (!held || held.state !== 'hidden') throw new Errors.NotHidden();
    if (notesMap(room.doc('board')).has(noteId)) {
      await this.storage.deleteHeldNotes(room.id, [noteId]);
      return;
    }
    await this.notes.publishHeld(room, [held]);
  }
}
