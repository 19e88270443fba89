import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import { NOTE_TEXT_MAX, type Note } from '@tributary/shared/board/note';
import { deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import { Button } from '../../ui/Button.tsx';

export interface MyNotesProps {
  client: RoomClient;
  participantId: string | undefined;
  /** Changes are refused while the facilitator has paused the board. */
  locked: boolean;
  closed: boolean;
  announce: (message: string) => void;
}

/** The notes this person posted, newest first, each one editable and deletable. */
export function MyNotes({ client, participantId, locked, closed, announce }: MyNotesProps) {
  const board = useStore(client.boardStore);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const mine = useMemo(() => {
    if (!participantId) return [];
    const out: Note[] = [];
    for (const note of board.notes.values()) if (note.authorId === participantId) out.push(note);
    return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  }, [board, participantId]);

  const blocked = locked || closed;

  return (
    <section className="card my-notes" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        My notes {mine.length > 0 && <span className="count">({mine.length})</span>}
      </h2>
      {mine.length === 0 ? (
        <p className="muted">Notes you post will show here. You can change or delete them at any time.</p>
      ) : (
        <ul className="note-list">
          {mine.map((note) => (
            <MyNote
              key={note.id}
              note={note}
              blocked={blocked}
              locked={locked}
              onSave={(text) => {
                setNoteText(client.board, note.id, text);
                announce('Your note is changed.');
              }}
              onDelete={() => {
                deleteNotes(client.board, [note.id]);
                announce('Your note is deleted.');
                headingRef.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

type Mode = 'view' | 'edit' | 'confirm';

function MyNote({
  note,
  blocked,
  locked,
  onSave,
  onDelete,
}: {
  note: Note;
  blocked: boolean;
  locked: boolean;
  onSave: (text: string) => void;
  onDelete: () => void;
}) {
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState(note.text);
  const [problem, setProblem] = useState('');
  const editRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const id = useId();

  useEffect(() => {
    if (mode === 'edit') editRef.current?.focus();
    else if (mode === 'confirm') keepRef.current?.focus();
    else if (returnFocus.current) editButtonRef.current?.focus();
    returnFocus.current = false;
  }, [mode]);

  // The facilitator paused the board while this note was open: close it, keeping the text on screen.
  useEffect(() => {
    if (blocked && mode === 'confirm') setMode('view');
  }, [blocked, mode]);

  const back = () => {
    returnFocus.current = true;
    setProblem('');
    setMode('view');
  };

  const save = () => {
    if (blocked) return;
    const clean = draft.trim();
    if (!clean) {
      setProblem('A note needs some words. To remove it, use Delete instead.');
      editRef.current?.focus();
      return;
    }
    onSave(clean);
    back();
  };

  const when = note.createdAt ? new Date(note.createdAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }) : '';

  return (
    <li className="my-note" style={{ backgroundColor: NOTE_COLORS[note.color] }}>
      {mode === 'edit' ? (
        <div className="stack stack--tight">
          <label className="field__label" htmlFor={`${id}-edit`}>
            Change your note
          </label>
          <textarea
            ref={editRef}
            id={`${id}-edit`}
            className="field__input"
            rows={4}
            maxLength={NOTE_TEXT_MAX}
            value={draft}
            onChange={(e) => {
              setDraft(e.currentTarget.value);
              setProblem('');
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : locked ? `${id}-locked` : undefined}
          />
          {problem && (
            <p className="field__error" id={`${id}-problem`}>
              {problem}
            </p>
          )}
          {locked && (
            <p className="muted" id={`${id}-locked`}>
              Changes are paused for now. Your words stay here.
            </p>
          )}
          <div className="button-row">
            <Button onClick={save} unavailable={blocked}>
              Save
            </Button>
            <Button variant="secondary" onClick={back}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <>
          <p className="my-note__text">{note.text}</p>
          {when && <p className="my-note__meta">Posted at {when}</p>}
          {mode === 'confirm' ? (
            <div className="confirm" role="group" aria-label="Delete this note?">
              <p>
                <strong>Delete this note?</strong> It will be taken off the board.
              </p>
              <div className="button-row">
                <Button variant="danger" onClick={onDelete}>
                  Yes, delete
                </Button>
                <Button ref={keepRef} variant="secondary" onClick={back}>
                  Keep it
                </Button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              <Button
                ref={editButtonRef}
                variant="secondary"
                onClick={() => {
                  setDraft(note.text);
                  setMode('edit');
                }}
                aria-label="Change this note"
              >
                Change
              </Button>
              <Button variant="quiet" unavailable={blocked} onClick={() => setMode('confirm')} aria-label="Delete this note">
                Delete
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}
