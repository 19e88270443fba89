import { t } from '../../i18n/i18n.ts';
import { useRef } from 'react';
import { cardSections } from '@tributary/shared/board/cards';
import { AREA_COLORS, NOTE_COLORS } from '@tributary/shared/board/colors';
import type { Note } from '@tributary/shared/board/note';
import type { AreaNotes } from '@tributary/shared/board/results';
import { NotePicture } from '../../pictures/NotePicture.tsx';
import { noteWords } from '../../pictures/noteWords.ts';
import type { NoteImages } from '../../sync/noteImages.ts';
import { useFitText } from './useFitText.ts';

/** The smallest note text on the projector: readable from the back of a room at 1080p. */
export const MIN_NOTE_PX = 20;
const MAX_NOTE_PX = 40;

/**
 * A note as the projector shows it: all of its text. A User Manual card shows every question and
 * answer, and the name only when its writer signed it. Other notes show no name: the projector is
 * the most public screen in the room, and an anonymous note never carries one.
 */
function ResultNote({ note, prompts, images }: { note: Note; prompts: readonly string[]; images: NoteImages | undefined }) {
  const sections = prompts.length > 0 ? cardSections(note.text, prompts) : [];
  const card = sections.some((s) => s.prompt !== null);
  return (
    <li className={`result-note${card ? ' result-note--card' : ''}`} style={{ backgroundColor: NOTE_COLORS[note.color] }}>
      {card ? (
        <>
          <dl className="result-card">
            {sections.map((s, i) => (
              <div key={i} className="result-card__part">
                {s.prompt && <dt dir="auto">{s.prompt}</dt>}
                <dd dir="auto">{s.answer}</dd>
              </div>
            ))}
          </dl>
          {!note.anonymous && note.authorName && (
            <p className="result-card__by" dir="auto">
              {note.authorName}
            </p>
          )}
        </>
      ) : (
        <>
          <NotePicture images={images} note={note} className="result-note__picture" />
          <p className="result-note__text" dir="auto">
            {noteWords(note)}
          </p>
        </>
      )}
    </li>
  );
}

/**
 * Every note's whole text, grouped by area, as large as fits the box without scrolling and never
 * smaller than MIN_NOTE_PX (useFitText): the readable board for the projector, in place of the
 * zoomed-out drawing.
 */
export function NotesByArea({ groups, prompts, version, images }: { groups: AreaNotes[]; prompts: readonly string[]; version: number; images?: NoteImages }) {
  const ref = useRef<HTMLDivElement>(null);
  useFitText(ref, version, { max: MAX_NOTE_PX, min: MIN_NOTE_PX });
  if (groups.length === 0) return <p className="result-empty">{t('room.noNotesOnBoard')}</p>;
  return (
    <div className="notes-by-area" ref={ref}>
      {groups.map(({ area, notes }) => (
        <section key={area?.id ?? 'loose'} className="notes-by-area__area" aria-label={area?.title || t('presenter.notInArea')}>
          <h3 className="notes-by-area__title" style={area ? { backgroundColor: AREA_COLORS[area.color] } : undefined}>
            <span dir="auto">{area?.title || t('presenter.notInArea')}</span> <span className="notes-by-area__count">({notes.length})</span>
          </h3>
          <ul className="notes-by-area__notes">
            {notes.map((note) => (
              <ResultNote key={note.id} note={note} prompts={prompts} images={images} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
