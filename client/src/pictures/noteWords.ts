import { t } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';

/** What a picture note is called before its words: "Drawing" for a sketch, "Picture" for a photo (or an unknown kind). */
export function pictureKindLabel(note: Pick<Note, 'imageKind'>): string {
  return note.imageKind === 'sketch' ? t('room.drawingLabel') : t('room.pictureLabel');
}

/**
 * A note as words, for every list, announcement and printed page: a picture note is its text
 * alternative after "Drawing:" or "Picture:", or says it has not been described yet; any other
 * note is its text. Its words are in `room` (every room view loads it, the phone with its first
 * screen), so the phone's parts can say them without loading `board`.
 */
export function noteWords(note: Pick<Note, 'text' | 'imageId' | 'imageKind'>): string {
  if (!note.imageId) return note.text;
  const words = note.text.trim();
  if (!words) return note.imageKind === 'sketch' ? t('room.drawingNotDescribed') : t('room.pictureNotDescribed');
  return t('room.pictureWithWords', { kind: pictureKindLabel(note), words });
}

/**
 * A vote bar's label (shared/src/board/results.ts): a note's bar carries the note's picture
 * fields, so a picture note with no description is never an empty label.
 */
export function barWords(bar: { label: string; imageId?: string; imageKind?: Note['imageKind'] }): string {
  return bar.imageId ? noteWords({ text: bar.label, imageId: bar.imageId, imageKind: bar.imageKind }) : bar.label;
}
