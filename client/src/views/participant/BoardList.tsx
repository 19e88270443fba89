import { t } from '../../i18n/i18n.ts';
import { useMemo } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import type { Note } from '@tributary/shared/board/note';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import { NotePicture } from '../../pictures/NotePicture.tsx';
import { noteImagesOf } from '../../sync/noteImages.ts';
import { noteWords } from '../../pictures/noteWords.ts';
import { ReadNoteButton } from '../../ui/ReadAloudButton.tsx';

/**
 * Every note on the board as plain text, in reading order (each area, then notes outside any
 * area). It is the board for screen readers, and for anyone on a small screen or slow phone.
 */
export function BoardList({ client }: { client: RoomClient }) {
  const board = useStore(client.boardStore);
  const groups = useMemo(() => {
    const byArea = new Map<string | null, Note[]>();
    for (const note of board.notes.values()) {
      const key = note.areaId && board.areas.has(note.areaId) ? note.areaId : null;
      const list = byArea.get(key) ?? [];
      list.push(note);
      byArea.set(key, list);
    }
    const order = (a: Note, b: Note) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt;
    const areas = [...board.areas.values()].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    const out: Array<{ id: string; title: string; notes: Note[] }> = [];
    for (const area of areas) out.push({ id: area.id, title: area.title || t('room.untitledArea'), notes: (byArea.get(area.id) ?? []).sort(order) });
    const loose = (byArea.get(null) ?? []).sort(order);
    if (loose.length > 0 || out.length === 0) out.push({ id: '', title: areas.length ? t('board.otherNotes') : t('room.allNotes'), notes: loose });
    return out;
  }, [board]);

  return (
    <div className="board-list stack">
      {groups.map((group) => (
        <section key={group.id || 'loose'} className="board-list__group">
          <h3>
            <span dir="auto">{group.title}</span> <span className="count">({group.notes.length})</span>
          </h3>
          {group.notes.length === 0 ? (
            <p className="muted">{t('board.noNotesHereYet')}</p>
          ) : (
            <ul className="note-list">
              {group.notes.map((note) => (
                <li key={note.id} className="board-list__note" style={{ backgroundColor: NOTE_COLORS[note.color] }}>
                  <NotePicture images={noteImagesOf(client)} note={note} className="board-list__picture" />
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
      ))}
    </div>
  );
}
