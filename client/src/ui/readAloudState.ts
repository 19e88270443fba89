import { t } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';
import { readKept } from '../sync/deviceStorage.ts';
import { Store } from '../sync/store.ts';

/**
 * What the read-aloud buttons need at once: what is playing, the "Read all new notes" setting and
 * the words a note is read with (whether the device can speak: canReadAloud.ts, the one piece in
 * the phone's first load). The reader itself (readAloud.ts) loads when someone first asks for it.
 */

/** The reader's state, for the buttons: what is playing now, and a word about the voice. */
export interface ReadAloudState {
  /** The key of the item being spoken, or null. */
  playing: string | null;
  /** "This phone has no voice for Cymraeg…": said once per language, in plain words. */
  notice: string | null;
}

/** The page's one state, shared by every button and the reader once it has loaded. */
export const readAloudState = new Store<ReadAloudState>({ playing: null, notice: null });

/** What reading a note needs; `imageId` marks a picture note, whose `text` is its description. */
export type NoteToRead = Pick<Note, 'id' | 'text' | 'anonymous' | 'authorName'> & { imageId?: string };

/** A note as it is read: its words (or that it is a picture), and the name only where the board shows one. */
export function noteSpeech(note: Omit<NoteToRead, 'id'>): string {
  const text = note.text.trim() || (note.imageId ? t('room.readAloudPicture') : '');
  if (!text) return '';
  return !note.anonymous && note.authorName ? t('room.readAloudNamed', { name: note.authorName, text }) : text;
}

/** The first few words, for a button's label ("Read aloud: Bus passes for…"). */
export function firstWords(text: string, count = 5): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length > count ? `${words.slice(0, count).join(' ')}…` : words.join(' ');
}

// ---- "Read all new notes": a setting of this device.

export const READ_ALL_KEY = 'tributary.readAllNewNotes';

/** Whether "Read all new notes" is on, remembered on this device (shared by every toggle on the page). */
export const readAllNewNotes = new Store<boolean>(readKept(READ_ALL_KEY) === 'on');
