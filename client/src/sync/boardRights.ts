import type { Note } from '@tributary/shared/board/note';
import { authorshipOf, mayChangeNote, mayCreateNote, mayDeleteNote, mayWriteArea, mayWriteBoard, type BoardSituation, type BoardWriter } from '@tributary/shared/board/rules';

/** What a control may offer this person now, asked of the same rules the server checks. */
export interface BoardRights {
  /** Anything at all (false while the board is paused for participants, or for a read-only screen). */
  writeBoard: boolean;
  /** Create a note straight on the board (an open step for everyone, or the facilitator). */
  createNote: boolean;
  editNote(note: Note): boolean;
  moveNote(note: Note): boolean;
  deleteNote(note: Note): boolean;
  writeAreas: boolean;
}

/** A client never changes a note's fixed fields, so none are named here: the server names them. */
const NO_FIXED_FIELDS: ReadonlySet<string> = new Set();

export function boardRights(writer: BoardWriter, situation: BoardSituation): BoardRights {
  return {
    writeBoard: mayWriteBoard(writer, situation) === null,
    createNote: mayCreateNote(writer, situation, new Map(Object.entries(authorshipOf(writer)))) === null,
    editNote: (note) => mayChangeNote(writer, situation, note, ['text'], NO_FIXED_FIELDS) === null,
    moveNote: (note) => mayChangeNote(writer, situation, note, ['pos', 'areaId'], NO_FIXED_FIELDS) === null,
    deleteNote: (note) => mayDeleteNote(writer, situation, note) === null,
    writeAreas: mayWriteArea(writer, situation) === null,
  };
}
