import { t, useLanguage } from '../../i18n/i18n.ts';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { NOTE_COLORS } from '@tributary/shared/board/colors';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import type { RoomStores } from '../../sync/deviceRoom.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ApiError, api } from '../../sync/api.ts';
import { requestProblem } from './requestProblem.ts';
import { useStore } from '../../hooks/useStore.ts';
import { postedNotes, unsentNotes } from '../../sync/ownNotes.ts';
import { Button } from '../../ui/Button.tsx';
import type { ImageKind } from '@tributary/shared/board/records';
import { ReadAloudButtonLater } from '../../ui/readAloudLater.tsx';
import { showAnywayQuestion, statusWords, waitingWords, type NoteStatusWord } from './words.ts';

export interface MyNotesProps {
  /** The room kept on the device, then the live room: the person's own notes and their queue. */
  room: RoomStores;
  /** The live room, for notes written straight onto the board; null until it has loaded. */
  client: RoomClient | null;
  participantId: string | undefined;
  /** Changes to notes written straight onto the board are refused while the board is paused. */
  locked: boolean;
  closed: boolean;
  /** The facilitator asked for the waiting anonymous notes: a note that still waits may be shown anyway. */
  releaseAsked: boolean;
  announce: (message: string) => void;
}

/** One of "my notes": posted through the server (with its edit key) or written onto the board directly (older phones). */
interface Item {
  /** The note's id on the server and the board. */
  id: string;
  /** Its entry in the phone's own notes, for notes posted through the server. */
  localId?: string;
  text: string;
  /** A picture note: said before its words ("Your drawing"), since "my notes" shows no picture. */
  picture?: ImageKind;
  color: string;
  status: NoteStatusWord;
  anonymous: boolean;
  at: number;
  /** The edit key, for notes posted through the server. */
  editKey?: string;
  waitingFor?: number;
}

/** "Your drawing:" before a picture note's words (its picture is on the board, not here). */
function PictureWord({ kind }: { kind: ImageKind | undefined }) {
  return <strong className="my-note__picture">{t(kind === 'sketch' ? 'phone.myDrawing' : 'phone.myPhoto')} </strong>;
}

function problemText(error: unknown): string {
  if (error instanceof NotAllowedNow) return error.message;
  return requestProblem(error);
}

/** The board's rules say no to this change right now (checked before writing, as the server will). */
class NotAllowedNow extends Error {}

/**
 * A note written straight onto the board is changed only when the server would take the change,
 * and only through the live room (answers the client to write with).
 */
function mayWriteDirect(client: RoomClient | null, noteId: string, rule: 'editNote' | 'deleteNote'): RoomClient {
  if (!client) throw new NotAllowedNow(t('phone.cannotChangeNow'));
  const note = client.boardStore.get().notes.get(noteId);
  if (note && !client.boardRights()[rule](note)) throw new NotAllowedNow(t('phone.cannotChangeNow'));
  return client;
}

/**
 * The notes this person posted, newest first: those the server holds for them (sealed until the
 * reveal, or waiting to go up without a name), and their notes on the board. Each can be changed
 * or taken back.
 */
export function MyNotes({ room, client, participantId, locked, closed, releaseAsked, announce }: MyNotesProps) {
  const board = useStore(room.boardStore);
  const own = useStore(room.ownNotes);
  const outbox = useMemo(() => unsentNotes(own), [own]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  const items = useMemo(() => {
    const out: Item[] = [];
    const seen = new Set<string>();
    for (const mine of postedNotes(own)) {
      seen.add(mine.noteId);
      const onBoard = board.notes.get(mine.noteId);
      const status: NoteStatusWord = mine.state;
      out.push({
        id: mine.noteId,
        localId: mine.localId,
        text: onBoard?.text ?? mine.text,
        ...(mine.imageId ? { picture: mine.imageKind ?? 'photo' } : {}),
        color: NOTE_COLORS[onBoard?.color ?? mine.color],
        status: onBoard && status !== 'visible' && status !== 'gone' ? 'visible' : status,
        anonymous: mine.anonymous,
        at: mine.postedAt,
        editKey: mine.editKey,
        ...(mine.waitingFor !== undefined ? { waitingFor: mine.waitingFor } : {}),
      });
    }
    if (participantId) {
      for (const note of board.notes.values()) {
        if (note.authorId !== participantId || seen.has(note.id)) continue;
        out.push({
          id: note.id,
          text: note.text,
          ...(note.imageId ? { picture: note.imageKind ?? 'photo' } : {}),
          color: NOTE_COLORS[note.color],
          status: 'visible',
          anonymous: false,
          at: note.createdAt,
        });
      }
    }
    return out.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  }, [board, own, participantId]);

  return (
    <section className="card my-notes" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('phone.myNotes')} {items.length + outbox.length > 0 && <span className="count">({items.length + outbox.length})</span>}
      </h2>
      {outbox.length > 0 && (
        <ul className="note-list" aria-label={t('phone.notesWaitingToSend')}>
          {[...outbox].reverse().map((entry) => (
            <li
              key={entry.localId}
              className="my-note my-note--held"
              data-outbox={entry.state}
              style={{ backgroundColor: NOTE_COLORS[entry.color] }}
            >
              <p className="my-note__text" dir="auto">
                {entry.imageId && <PictureWord kind={entry.imageKind} />}
                {entry.text}
              </p>
              {entry.state === 'waiting' ? (
                <p className="my-note__status">
                  <span className="my-note__badge">{t('phone.badgeWaiting')}</span>
                  {t('phone.waitingToSend')}
                </p>
              ) : (
                <>
                  <p className="field__error my-note__problem" role="alert">
                    {t('phone.notSent', { problem: entry.problem ?? t('phone.serverDidNotTake') })}
                  </p>
                  <div className="button-row">
                    <Button
                      variant="quiet"
                      onClick={() => {
                        room.outbox.remove(entry.localId);
                        announce(t('phone.removedFromList'));
                        headingRef.current?.focus();
                      }}
                    >
                      {t('phone.removeFromList')}
                    </Button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.length === 0 && outbox.length > 0 ? null : items.length === 0 ? (
        <p className="muted">{t('phone.myNotesEmpty')}</p>
      ) : (
        <ul className="note-list">
          {items.map((item) => (
            <MyNote
              key={item.id}
              item={item}
              // Notes written straight onto the board follow the board's pause; the server handles the rest.
              blocked={closed || (!item.editKey && locked)}
              locked={!item.editKey && locked}
              canShowAnyway={releaseAsked && item.status === 'pending' && !!item.editKey}
              onShowAnyway={async () => {
                const reply = await api.showAnyway(room.roomId, item.id, item.editKey!);
                room.ownNotes.update(item.localId!, { state: reply.status });
                announce(reply.status === 'visible' ? t('phone.shownAnyway') : t('phone.stillWaiting'));
              }}
              onSave={async (text) => {
                if (item.editKey) {
                  const reply = await api.editNote(room.roomId, item.id, item.editKey, text);
                  room.ownNotes.update(item.localId!, { text: reply.text, state: reply.status });
                  // The word filter may hold the new words for the facilitator: say so, gently.
                  if (reply.status === 'queued' && item.status !== 'queued') {
                    announce(t('phone.postedQueued'));
                    return;
                  }
                } else {
                  mayWriteDirect(client, item.id, 'editNote').setNoteText(item.id, text);
                }
                announce(t('phone.noteChanged'));
              }}
              onTakeBack={async () => {
                if (item.editKey) {
                  try {
                    await api.withdrawNote(room.roomId, item.id, item.editKey);
                  } catch (error) {
                    // Already gone from the server: nothing left to take back.
                    if (!(error instanceof ApiError && error.status === 404)) throw error;
                  }
                  room.ownNotes.takeBack(item.localId!);
                } else {
                  mayWriteDirect(client, item.id, 'deleteNote').deleteNotes([item.id]);
                }
                announce(t('phone.noteTakenBack'));
                headingRef.current?.focus();
              }}
              onForget={() => {
                // Off the list, still counted for its step (as the server counts it).
                if (item.localId) room.ownNotes.takeBack(item.localId);
                announce(t('phone.removedFromList'));
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
  item,
  blocked,
  locked,
  canShowAnyway,
  onShowAnyway,
  onSave,
  onTakeBack,
  onForget,
}: {
  item: Item;
  blocked: boolean;
  locked: boolean;
  canShowAnyway: boolean;
  onShowAnyway: () => Promise<void>;
  onSave: (text: string) => Promise<void>;
  onTakeBack: () => Promise<void>;
  onForget: () => void;
}) {
  const [mode, setMode] = useState<Mode>('view');
  const language = useLanguage();
  const [draft, setDraft] = useState(item.text);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
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

  const save = async () => {
    if (blocked || busy) return;
    const clean = draft.trim();
    if (!clean) {
      setProblem(t('phone.noteNeedsWords'));
      editRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSave(clean);
      back();
    } catch (error) {
      setProblem(problemText(error));
      editRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const takeBack = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await onTakeBack();
    } catch (error) {
      setProblem(problemText(error));
      setBusy(false);
    }
  };

  const when = item.at ? new Date(item.at).toLocaleTimeString(language.code, { hour: 'numeric', minute: '2-digit' }) : '';
  const gone = item.status === 'gone';
  const waiting = item.status === 'sealed' || item.status === 'pending';

  return (
    <li className={`my-note${waiting ? ' my-note--held' : ''}`} style={{ backgroundColor: item.color }}>
      {mode === 'edit' ? (
        <div className="stack stack--tight">
          <label className="field__label" htmlFor={`${id}-edit`}>
            {t('phone.changeYourNote')}
          </label>
          <textarea
            ref={editRef}
            id={`${id}-edit`}
            className="field__input"
            rows={4}
            dir="auto"
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
              {t('phone.changesPaused')}
            </p>
          )}
          <div className="button-row">
            <Button onClick={save} unavailable={blocked} busy={busy}>
              {busy ? t('phone.saving') : t('phone.save')}
            </Button>
            <Button variant="secondary" onClick={back}>
              {t('phone.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <>
          <p className="my-note__text" dir="auto">
            {item.picture && <PictureWord kind={item.picture} />}
            {item.text || (item.picture ? '' : t('phone.noWords'))}
          </p>
          <p className="my-note__status">
            {waiting && <span className="my-note__badge">{item.status === 'sealed' ? t('phone.badgePrivate') : t('phone.badgeWaiting')}</span>}
            {item.status === 'pending' ? waitingWords(item.waitingFor) : statusWords(item.status, item.anonymous)}
          </p>
          {when && <p className="my-note__meta">{t('phone.postedAt', { time: when })}</p>}
          <ReadAloudButtonLater id={item.id} text={item.text} className="read-aloud--note" />
          {problem && (
            <p className="field__error my-note__problem" role="alert">
              {problem}
            </p>
          )}
          {canShowAnyway && mode === 'view' && (
            <div className="confirm" role="group" aria-label={t('phone.showAnywayLabel')}>
              <p>
                {showAnywayQuestion(item.waitingFor)} {t('phone.peopleMayGuess')}
              </p>
              <div className="button-row">
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={async () => {
                    if (busy) return;
                    setBusy(true);
                    try {
                      await onShowAnyway();
                    } catch (error) {
                      setProblem(problemText(error));
                    } finally {
                      setBusy(false);
                    }
                  }}
                >
                  {t('phone.showItAnyway')}
                </Button>
              </div>
            </div>
          )}
          {gone ? (
            <div className="button-row">
              <Button variant="quiet" onClick={onForget}>
                {t('phone.removeFromList')}
              </Button>
            </div>
          ) : mode === 'confirm' ? (
            <div className="confirm" role="group" aria-label={t('phone.takeBackQuestion')}>
              <p>
                <strong>{t('phone.takeBackQuestion')}</strong> {item.status === 'visible' ? t('phone.willBeRemoved') : t('phone.willBeDeleted')}
              </p>
              <div className="button-row">
                <Button variant="danger" onClick={takeBack} busy={busy}>
                  {t('phone.yesTakeBack')}
                </Button>
                <Button ref={keepRef} variant="secondary" onClick={back}>
                  {t('phone.keepIt')}
                </Button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              <Button
                ref={editButtonRef}
                variant="secondary"
                onClick={() => {
                  setDraft(item.text);
                  setProblem('');
                  setMode('edit');
                }}
                aria-label={t('phone.changeThisNote')}
              >
                {t('phone.change')}
              </Button>
              <Button variant="quiet" unavailable={blocked} onClick={() => setMode('confirm')} aria-label={t('phone.takeBackThisNote')}>
                {t('phone.takeBack')}
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}
