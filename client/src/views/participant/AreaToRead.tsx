import { t } from '../../i18n/i18n.ts';
import { useId, useMemo } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import { ReadNoteButton } from '../../ui/ReadAloudButton.tsx';
import { notesInReadingOrder } from '../../editor/keyboardBoard.ts';
import { noteWords } from '../../pictures/noteWords.ts';

/**
 * What the group reads together in a talking step that is about one area (User Manual's "Read
 * the cards", a river stage): that area's notes, whole, in the order the board shows them. On a
 * phone, the projector's small print is often too far away to read, and a card cut short is a
 * person's words cut short.
 */
export function AreaToRead({ client, areaId }: { client: RoomClient; areaId: string }) {
  const board = useStore(client.boardStore);
  const headingId = useId();
  const area = board.areas.get(areaId);
  const notes = useMemo(() => notesInReadingOrder([...board.notes.values()].filter((n) => n.areaId === areaId)), [board, areaId]);
  if (!area) return null;
  const title = area.title || t('parts.thisPartOfBoard');
  return (
    <section className="card area-to-read" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span dir="auto">{title}</span> <span className="count">({notes.length})</span>
      </h2>
      {notes.length === 0 ? (
        <p className="muted">{t('parts.nothingHereYet')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <li key={note.id} className="board-list__note" style={{ backgroundColor: NOTE_COLORS[note.color] }}>
              <p className="my-note__text" dir="auto">
                {noteWords(note)}
              </p>
              <p className="my-note__meta">{note.authorName ? t('room.from', { name: note.authorName }) : t('room.noName')}</p>
              <ReadNoteButton note={note} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
