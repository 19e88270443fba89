import { t } from '../i18n/i18n.ts';
import { useStore } from '../hooks/useStore.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { canReadAloud } from './canReadAloud.ts';
import { useReadAllNewNotes } from './useReadAllNewNotes.ts';
import { firstWords, noteSpeech, readAllNewNotes, readAloudState, type NoteToRead } from './readAloudState.ts';
import { loadReader, setReadAllNewNotes } from './readAloudLoader.ts';

/** A speaker, or a square while playing: drawn, since old phones lack the emoji. */
function SpeakerIcon({ playing = false }: { playing?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2">
      <path d={playing ? 'M6 6h12v12H6z' : 'M4 9v6h4l5 4V5L8 9zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12'} />
    </svg>
  );
}

/**
 * "Read aloud" beside a note, a card question or the prompt; "Stop" while it plays. Not shown
 * where the device cannot speak. The speech is not a live region: a screen reader user hears
 * their own reader and this button's label, nothing twice.
 */
export function ReadAloudButton({
  id,
  text,
  className = '',
  tabIndex,
  iconOnly = false,
}: {
  id: string;
  text: string;
  className?: string;
  tabIndex?: number;
  /** The drawn speaker alone (a narrow list); the label still says it all. */
  iconOnly?: boolean;
}) {
  const state = useStore(readAloudState);
  if (!canReadAloud() || !text.trim()) return null;
  const playing = state.playing === id;
  const words = firstWords(text);
  return (
    <button
      type="button"
      className={`read-aloud${playing ? ' read-aloud--playing' : ''} ${className}`}
      aria-label={playing ? t('room.stopReadingLabel', { words }) : t('room.readAloudLabel', { words })}
      onClick={() => void loadReader().then((reader) => reader?.toggle(id, text))}
      tabIndex={tabIndex}
    >
      <SpeakerIcon playing={playing} />
      {!iconOnly && <span className="read-aloud__word">{playing ? t('room.stopReading') : t('room.readAloud')}</span>}
    </button>
  );
}

/** "Read all new notes", on or off for this device; in plain words where the device cannot speak. */
export function ReadAllNewNotesToggle({ className = '' }: { className?: string }) {
  const on = useStore(readAllNewNotes);
  if (!canReadAloud()) return <p className={`muted ${className}`}>{t('room.cannotReadAloud')}</p>;
  return (
    <button type="button" className={`read-all ${className}`} aria-pressed={on} onClick={() => setReadAllNewNotes(!on)}>
      <SpeakerIcon />
      <span>{t('room.readAllNewNotes')}</span>
      <span aria-hidden="true" className="read-all__state">
        {on ? t('room.readAllOn') : t('room.readAllOff')}
      </span>
    </button>
  );
}

/** "This phone has no voice for Cymraeg…", once, where the person reads. */
export function ReadAloudNotice() {
  const { notice } = useStore(readAloudState);
  if (!notice) return null;
  return (
    <p className="read-aloud-notice" role="status">
      {notice}
    </p>
  );
}

/** Reads each new note while "Read all new notes" is on (useReadAllNewNotes), as a part of the phone. */
export function ReadAllNewNotes({ client }: { client: RoomClient }) {
  useReadAllNewNotes(client);
  return null;
}

/** "Read aloud" for one note: its words, with the name only where the board shows one. */
export function ReadNoteButton({ note, tabIndex, iconOnly = false }: { note: NoteToRead; tabIndex?: number; iconOnly?: boolean }) {
  return <ReadAloudButton id={note.id} text={noteSpeech(note)} className="read-aloud--note" iconOnly={iconOnly} {...(tabIndex === undefined ? {} : { tabIndex })} />;
}
