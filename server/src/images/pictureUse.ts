import type * as Y from 'yjs';
import { listNotes } from '@tributary/shared/board/queries';

/**
 * Whether a note on the board document shows this picture. Participants and the projector may
 * fetch a picture only then (routes/images.ts): a picture whose note is hidden, held, rejected or
 * withdrawn is not theirs to see.
 */
export function boardShowsPicture(board: Y.Doc, imageId: string): boolean {
  return listNotes(board).some((note) => note.imageId === imageId);
}
