import { useEffect, useMemo, useRef, useState } from 'react';
import { loadDraft, saveDraft } from '../sync/drafts.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { Button } from './Button.tsx';
import { linkProps, setPageTitle } from './navigation.ts';

/** A note this person wrote, as this device still has it. */
export interface KeptNote {
  id: string;
  text: string;
  /** Written on this phone and never sent (waiting to go, or still in the note box). */
  unsent?: boolean;
}

/**
 * What this device still holds of the person's own notes: those posted through the server (kept
 * with their edit keys on the phone) and those written straight onto the board under their own
 * id (still in memory). Never anyone else's: the board is gone, and this is all that is left.
 */
export function keptNotes(client: RoomClient): KeptNote[] {
  const kept = new Map<string, KeptNote>();
  for (const note of client.myNotes.get()) {
    if (note.status === 'gone' || note.text.trim() === '') continue;
    kept.set(note.noteId, { id: note.noteId, text: note.text });
  }
  for (const item of client.outbox.get()) {
    if (item.body.text.trim() !== '') kept.set(item.id, { id: item.id, text: item.body.text, unsent: true });
  }
  const draft = loadDraft(client.roomId);
  if (draft.trim() !== '') kept.set('draft', { id: 'draft', text: draft, unsent: true });
  const me = client.session.participantId;
  if (me) {
    for (const note of client.boardStore.get().notes.values()) {
      if (note.authorId === me && note.text.trim() !== '' && !kept.has(note.id)) kept.set(note.id, { id: note.id, text: note.text });
    }
  }
  return [...kept.values()];
}

/** The kept notes as plain text, one after another, ready to paste or save. */
export function notesAsText(title: string, notes: readonly KeptNote[]): string {
  return [`My notes from “${title}”`, '', ...notes.map((n) => `- ${n.text.replace(/\n/g, '\n  ')}`), ''].join('\n');
}

/**
 * "This session has ended": the only thing left on a screen once the room is deleted. A person
 * sees their own notes that this phone still holds, to copy or save, and can clear them off a
 * borrowed phone. The projector and the facilitator's other tabs say only that it has ended.
 */
export function SessionEnded({ client, who }: { client: RoomClient; who: 'participant' | 'facilitator' | 'presenter' }) {
  const title = client.controlStore.get().title || client.session.title || 'the session';
  const notes = useMemo(() => (who === 'participant' ? keptNotes(client) : []), [client, who]);
  const [message, setMessage] = useState('');
  const [forgotten, setForgotten] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setPageTitle('Session ended');
    // Said at once by a screen reader, whatever had focus before.
    heading.current?.focus();
  }, []);

  const text = notesAsText(title, notes);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setMessage('Copied. You can paste your notes anywhere now.');
    } catch {
      setMessage('This phone would not copy. Use “Save as a file” instead, or select the notes and copy them.');
    }
  };
  const save = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'my-notes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setMessage('Saved as my-notes.txt.');
  };
  const forget = () => {
    client.myNotes.clear();
    for (const item of client.outbox.get()) client.outbox.remove(item.id);
    saveDraft(client.roomId, '');
    setForgotten(true);
    setMessage('Your notes are no longer on this phone.');
  };

  return (
    <main className={`page page--narrow session-ended${who === 'presenter' ? ' session-ended--screen' : ''}`} id="main">
      <h1 ref={heading} tabIndex={-1}>
        This session has ended
      </h1>
      <p className="lead">
        {who === 'facilitator'
          ? `“${title}” was deleted, with everything on its board.`
          : `The facilitator has closed “${title}”. Its board has been deleted.`}
      </p>
      {who === 'participant' && !forgotten && notes.length > 0 && (
        <section className="card session-ended__mine" aria-labelledby="ended-mine">
          <h2 id="ended-mine">Your notes, still on this phone</h2>
          <p className="muted">Only you can see these. Copy or save them if you want to keep them.</p>
          <ul className="session-ended__notes">
            {notes.map((note) => (
              <li key={note.id}>
                {note.text}
                {note.unsent && <span className="muted"> (not sent)</span>}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <Button onClick={() => void copy()}>Copy my notes</Button>
            <Button variant="secondary" onClick={save}>
              Save as a file
            </Button>
          </div>
          <Button variant="quiet" className="session-ended__forget" onClick={forget}>
            Remove them from this phone
          </Button>
        </section>
      )}
      {who === 'participant' && (forgotten || notes.length === 0) && <p>Nothing you wrote is left on this phone.</p>}
      <p className="session-ended__status" role="status">
        {message}
      </p>
      {who === 'presenter' ? (
        <p>You can close this window.</p>
      ) : who === 'facilitator' ? (
        <p>
          <a className="btn btn--primary btn--block" {...linkProps('/')}>
            Make a new room
          </a>
        </p>
      ) : (
        <>
          <p>Thank you for taking part. You can close this page.</p>
          <p>
            <a className="btn btn--secondary btn--block" {...linkProps('/join')}>
              Join another session
            </a>
          </p>
        </>
      )}
    </main>
  );
}
