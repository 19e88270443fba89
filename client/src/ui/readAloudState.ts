import { t, withMessages } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';
import { keep, readKept } from '../sync/deviceStorage.ts';
import { Store } from '../sync/store.ts';
import { canReadAloud } from './canReadAloud.ts';

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

/** The reader's code, loaded on first use with its words (what it says about voices is in `board`). */
export function loadReaderModule(): Promise<typeof import('./readAloud.ts')> {
  return withMessages(import('./readAloud.ts'), 'board');
}

/** The page's reader, loaded on first use; null where the device cannot speak. */
export function loadReader(): Promise<import('./readAloud.ts').ReadAloud | null> {
  return canReadAloud() ? loadReaderModule().then((m) => m.readAloud()) : Promise.resolve(null);
}

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

const READ_ALL_KEY = 'tributary.readAllNewNotes';

/** Whether "Read all new notes" is on, remembered on this device (shared by every toggle on the page). */
export const readAllNewNotes = new Store<boolean>(readKept(READ_ALL_KEY) === 'on');

export function setReadAllNewNotes(on: boolean): void {
  // Storage refused: the setting holds for this page.
  keep(READ_ALL_KEY, on ? 'on' : null);
  readAllNewNotes.set(on);
  if (!on) void loadReader().then((reader) => reader?.stop());
}
