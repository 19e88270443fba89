import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_NOTE_COLOR, NOTE_COLORS, isNoteColor, type NoteColor } from '@tributary/shared/board/colors';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import { createNote } from '@tributary/shared/board/mutations';
import type { RoomClient } from '../../sync/RoomClient.ts';
import type { RoomSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { ColorPicker } from './ColorPicker.tsx';
import { loadColor, loadDraft, saveColor, saveDraft } from './drafts.ts';
import { freeSpot } from './placement.ts';

export interface NoteComposerProps {
  client: RoomClient;
  session: RoomSession;
  /** The facilitator has paused adding notes. */
  locked: boolean;
  /** The room is gone or the link no longer works: nothing can be posted. */
  closed: boolean;
  online: boolean;
  announce: (message: string) => void;
}

/** "Add a note": one box, a colour, one big button. */
export function NoteComposer({ client, session, locked, closed, online, announce }: NoteComposerProps) {
  const [text, setText] = useState(() => loadDraft(session.roomId));
  const [color, setColor] = useState<NoteColor>(() => {
    const saved = loadColor();
    return isNoteColor(saved) ? saved : DEFAULT_NOTE_COLOR;
  });
  const [problem, setProblem] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => saveDraft(session.roomId, text), [session.roomId, text]);

  const blocked = locked || closed;

  const post = (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    const clean = text.trim();
    if (!clean) {
      setProblem('Write something in the box first.');
      textRef.current?.focus();
      return;
    }
    const { notes, areas } = client.boardStore.get();
    createNote(client.board, {
      text: clean,
      pos: freeSpot(notes.values(), areas.values()),
      color,
      ...(session.name ? { authorName: session.name } : {}),
      ...(session.participantId ? { authorId: session.participantId } : {}),
    });
    setText('');
    setProblem('');
    announce(online ? 'Your note is on the board.' : 'Your note is saved on this phone. It will go on the board when the connection is back.');
    textRef.current?.focus();
  };

  const chooseColor = (next: NoteColor) => {
    setColor(next);
    saveColor(next);
  };

  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const lockId = `${id}-lock`;

  return (
    <section className="card composer" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a note</h2>
      {locked && !closed && (
        <div className="notice" id={lockId} role="status">
          <p>
            <strong>The facilitator has paused adding notes.</strong>
          </p>
          <p>You can keep writing. Your words stay here until it opens again.</p>
        </div>
      )}
      <form className="stack" onSubmit={post} noValidate>
        <div className={`field${problem ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-text`}>
            Your note
          </label>
          <p className="field__hint" id={hintId}>
            {session.name ? `It will show your name, ${session.name}.` : 'It will not show a name.'}
          </p>
          <textarea
            ref={textRef}
            id={`${id}-text`}
            className="field__input composer__text"
            rows={4}
            style={{ backgroundColor: NOTE_COLORS[color] }}
            maxLength={NOTE_TEXT_MAX}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              if (problem) setProblem('');
            }}
            aria-describedby={[hintId, problem ? problemId : '', locked ? lockId : ''].filter(Boolean).join(' ')}
            aria-invalid={problem ? true : undefined}
          />
          {problem && (
            <p className="field__error" id={problemId}>
              {problem}
            </p>
          )}
        </div>
        <ColorPicker value={color} onChange={chooseColor} />
        <Button type="submit" big block unavailable={blocked} aria-describedby={locked ? lockId : undefined}>
          Post note
        </Button>
      </form>
    </section>
  );
}
