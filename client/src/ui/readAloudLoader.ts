import { withMessages } from '../i18n/i18n.ts';
import { keep } from '../sync/deviceStorage.ts';
import { canReadAloud } from './canReadAloud.ts';
import { READ_ALL_KEY, readAllNewNotes } from './readAloudState.ts';

// Loading the reader lives apart from its state (readAloudState.ts), which the reader itself
// imports: the buttons reach the reader through here, so no module imports one that imports it.

/** The reader's code, loaded on first use with its words (what it says about voices is in `board`). */
export function loadReaderModule(): Promise<typeof import('./readAloud.ts')> {
  return withMessages(import('./readAloud.ts'), 'board');
}

/** The page's reader, loaded on first use; null where the device cannot speak. */
export function loadReader(): Promise<import('./readAloud.ts').ReadAloud | null> {
  return canReadAloud() ? loadReaderModule().then((m) => m.readAloud()) : Promise.resolve(null);
}

/** Turns "Read all new notes" on or off on this device; off also stops what is being read. */
export function setReadAllNewNotes(on: boolean): void {
  // Storage refused: the setting holds for this page.
  keep(READ_ALL_KEY, on ? 'on' : null);
  readAllNewNotes.set(on);
  if (!on) void loadReader().then((reader) => reader?.stop());
}
