import { t } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';

/** What a picture note is called before its words: "Drawing" for a sketch, "Picture" for a photo (or an unknown kind). */
export function pictureKindLabel(note: Pick<Note, 'imageKind'>): string {
  return note.imageKind === 'sketch' ? t('board.drawingLabel') : t('board.pictureLabel');
}

/**
 * A note as words, for every list, announcement and printed page: a picture note is its text
 * alternative after "Drawing:" or "Picture:", or says it has not been described yet; any other
 * note is its text.
 */
export function noteWords(note: Pick<Note, 'text' | 'imageId' | 'imageKind'>): string {
  if (!note.imageId) return note.text;
  const words = note.text.trim();
  if (!words) return note.imageKind === 'sketch' ? t('board.drawingNotDescribed') : t('board.pictureNotDescribed');
  return t('board.pictureWithWords', { kind: pictureKindLabel(note), words });
}
