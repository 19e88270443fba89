import { t } from '../i18n/i18n.ts';
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
  for (const note of client.ownNotes.get()) {
    if (note.state === 'gone' || note.state === 'taken-back' || note.text.trim() === '') continue;
    const unsent = note.state === 'waiting' || note.state === 'failed';
    const id = note.noteId ?? note.localId;
    kept.set(id, unsent ? { id, text: note.text, unsent } : { id, text: note.text });
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
  return [t('board.myNotesFrom', { title }), '', ...notes.map((n) => `- ${n.text.replace(/\n/g, '\n  ')}`), ''].join('\n');
}

/**
 * "This session has ended": the only thing left on a screen once the room is deleted. A person
 * sees their own notes that this phone still holds, to copy or save, and can clear them off a
 * borrowed phone. The projector and the facilitator's other tabs say only that it has ended.
 */
export function SessionEnded({ client, who }: { client: RoomClient; who: 'participant' | 'facilitator' | 'presenter' }) {
  const title = client.controlStore.get().title || client.session.title || t('board.theSession');
  const notes = useMemo(() => (who === 'participant' ? keptNotes(client) : []), [client, who]);
  const [message, setMessage] = useState('');
  const [forgotten, setForgotten] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setPageTitle(t('board.sessionEndedTitle'));
    // Said at once by a screen reader, whatever had focus before.
    heading.current?.focus();
  }, []);

  const text = notesAsText(title, notes);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setMessage(t('board.copied'));
    } catch {
      setMessage(t('board.couldNotCopy'));
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
    setMessage(t('board.savedAsFile', { file: 'my-notes.txt' }));
  };
  const forget = () => {
    client.ownNotes.clear();
    saveDraft(client.roomId, '');
    setForgotten(true);
    setMessage(t('board.notesRemoved'));
  };

  return (
    <main className={`page page--narrow session-ended${who === 'presenter' ? ' session-ended--screen' : ''}`} id="main">
      <h1 ref={heading} tabIndex={-1}>
        {t('board.sessionEnded')}
      </h1>
      <p className="lead">
        {who === 'facilitator'
          ? t('board.deletedForFacilitator', { title })
          : t('board.closedByFacilitator', { title })}
      </p>
      {who === 'participant' && !forgotten && notes.length > 0 && (
        <section className="card session-ended__mine" aria-labelledby="ended-mine">
          <h2 id="ended-mine">{t('board.yourNotesStillHere')}</h2>
          <p className="muted">{t('board.onlyYouCanSee')}</p>
          <ul className="session-ended__notes">
            {notes.map((note) => (
              <li key={note.id} dir="auto">
                {note.text}
                {note.unsent && <span className="muted"> {t('board.notSent')}</span>}
              </li>
            ))}
          </ul>
          <div className="button-row">
            <Button onClick={() => void copy()}>{t('board.copyMyNotes')}</Button>
            <Button variant="secondary" onClick={save}>
              {t('board.saveAsFile')}
            </Button>
          </div>
          <Button variant="quiet" className="session-ended__forget" onClick={forget}>
            {t('board.removeFromPhone')}
          </Button>
        </section>
      )}
      {who === 'participant' && (forgotten || notes.length === 0) && <p>{t('board.nothingLeft')}</p>}
      <p className="session-ended__status" role="status">
        {message}
      </p>
      {who === 'presenter' ? (
        <p>{t('board.closeWindow')}</p>
      ) : who === 'facilitator' ? (
        <p>
          <a className="btn btn--primary btn--block" {...linkProps('/')}>
            {t('board.makeNewRoom')}
          </a>
        </p>
      ) : (
        <>
          <p>{t('board.thankYou')}</p>
          <p>
            <a className="btn btn--secondary btn--block" {...linkProps('/join')}>
              {t('board.joinAnother')}
            </a>
          </p>
        </>
      )}
    </main>
  );
}
