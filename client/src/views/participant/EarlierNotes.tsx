import { t } from '../../i18n/i18n.ts';
import { useId, useMemo } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import type { Note } from '@tributary/shared/board/note';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import { Button } from '../../ui/Button.tsx';
import { ReadNoteButton } from '../../ui/ReadAloudButton.tsx';
import { earlierAtTable } from './methods.ts';
import { noteWords } from '../../pictures/noteWords.ts';

/**
 * "What earlier groups left at this table": the notes already in the group's area from earlier
 * rounds, each with "Build on this", which opens the note form with the note quoted.
 */
export function EarlierNotes({
  client,
  areaId,
  round,
  canPost,
  onBuildOn,
}: {
  client: RoomClient;
  areaId: string;
  round: number;
  canPost: boolean;
  onBuildOn: (note: Note) => void;
}) {
  const board = useStore(client.boardStore);
  const rows = useMemo(() => earlierAtTable(board.notes.values(), areaId, round), [board, areaId, round]);
  const headingId = useId();
  if (rows.length === 0) return null;
  return (
    <section className="card earlier" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('parts.earlierHeading')} <span className="count">({rows.length})</span>
      </h2>
      <p className="muted">{t('parts.earlierHint')}</p>
      <ul className="note-list">
        {rows.map(({ note, roundLine }) => {
          const textId = `${headingId}-${note.id}`;
          return (
            <li key={note.id} className="board-list__note" style={{ backgroundColor: NOTE_COLORS[note.color] }}>
              <p className="my-note__text" id={textId} dir="auto">
                {noteWords(note)}
              </p>
              <p className="my-note__meta">
                {[roundLine, note.authorName ? t('room.from', { name: note.authorName }) : ''].filter(Boolean).join(' · ') || t('room.noName')}
              </p>
              <ReadNoteButton note={note} />
              {canPost && (
                <div className="button-row">
                  <Button variant="secondary" onClick={() => onBuildOn(note)} aria-describedby={textId}>
                    {t('parts.buildOnThis')}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
