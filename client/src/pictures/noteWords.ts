import { t } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';
import type { Bar } from '@tributary/shared/board/results';

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
  return note.imageId ? pictureWords(note.imageKind, note.text) : note.text;
}

/** A picture's text alternative after "Drawing:" or "Picture:", or that it is not described yet. */
function pictureWords(kind: Note['imageKind'], text: string): string {
  const words = text.trim();
  if (!words) return kind === 'sketch' ? t('room.drawingNotDescribed') : t('room.pictureNotDescribed');
  return t('room.pictureWithWords', { kind: pictureKindLabel({ imageKind: kind }), words });
}

/**
 * A vote bar's label (shared/src/board/results.ts, and the published results page): a picture
 * note's bar carries its kind, so it reads as the lists read it and is never an empty label.
 */
export function barWords(bar: Pick<Bar, 'label' | 'imageKind'>): string {
  return bar.imageKind ? pictureWords(bar.imageKind, bar.label) : bar.label;
}
