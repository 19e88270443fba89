import { t } from '../../i18n/i18n.ts';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import type { ControlState } from '@tributary/shared/control/state';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ApiError, api } from '../../sync/api.ts';
import type { RoomSession } from '../../sync/session.ts';
import { useStore } from '../../hooks/useStore.ts';
import { postedNotes } from '../../sync/ownNotes.ts';
import { Button } from '../../ui/Button.tsx';
import { loadDraft, saveDraft } from '../../sync/drafts.ts';
import { cardText } from './methods.ts';
import { ReadAloudButton } from '../../ui/ReadAloudButton.tsx';

const draftKey = (roomId: string, prompt: string) => `${roomId}:card:${prompt}`;
const sharedKey = (roomId: string) => `${roomId}:card-shared`;

function loadAnswers(roomId: string, prompts: readonly string[]): Record<string, string> {
  return Object.fromEntries(prompts.map((p) => [p, loadDraft(draftKey(roomId, p))]));
}

function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.status === 0 ? t('parts.cardCouldNotReach') : error.message;
  return t('parts.cardFailed');
}

/**
 * A card to fill in (User Manual): one box per question, kept on the phone until the person
 * shares it, with or without their name, as one note. They can take it back at any time.
 * Sharing goes through the outbox like any note: with no signal the card waits on the phone
 * (and survives a reload) and is shared when the connection is back.
 */
export function CardComposer({
  client,
  session,
  control,
  prompts,
  closed,
  announce,
}: {
  client: RoomClient;
  session: RoomSession;
  control: ControlState;
  prompts: readonly string[];
  closed: boolean;
  announce: (message: string) => void;
}) {
  const id = useId();
  const own = useStore(client.ownNotes);
  const held = postedNotes(own);
  const [answers, setAnswers] = useState(() => loadAnswers(session.roomId, prompts));
  const [withName, setWithName] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [sharedId, setSharedId] = useState(() => loadDraft(sharedKey(session.roomId)));
  // The card sent from the outbox while this form was not on screen is found by its kind.
  const shared =
    (sharedId ? held.find((n) => n.noteId === sharedId && n.state !== 'gone') : undefined) ??
    held.find((n) => n.kind === 'card' && n.state !== 'gone');
  const waiting = shared ? undefined : own.find((n) => n.kind === 'card' && n.state === 'waiting');

  // A card that waited in the outbox is shared now: remember it (the store counts it for its step).
  useEffect(
    () =>
      client.outbox.subscribeSent((note, reply) => {
        if (note.kind !== 'card') return;
        saveDraft(sharedKey(session.roomId), reply.noteId);
        setSharedId(reply.noteId);
      }),
    [client, session.roomId],
  );

  // A new set of questions from the facilitator: pick up what was written for each.
  const promptsKey = prompts.join('\n');
  useEffect(() => setAnswers(loadAnswers(session.roomId, prompts)), [session.roomId, promptsKey]);

  const setAnswer = (prompt: string, value: string) => {
    setAnswers((prev) => ({ ...prev, [prompt]: value }));
    saveDraft(draftKey(session.roomId, prompt), value);
    if (problem) setProblem('');
  };

  const anonymousStep = control.mode === 'anonymous';
  const anonymousRoom = !anonymousStep && control.anonymousByDefault;
  const hasName = Boolean(session.name);
  const offerChoice = hasName && !anonymousStep && !anonymousRoom;
  const canShare = control.whoMayPost === 'everyone' && !control.locked && !closed;
  const text = cardText(prompts, answers);
  const changed = shared ? text !== shared.text : true;

  const share = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !canShare || waiting) return;
    if (!text) {
      setProblem(t('parts.cardAnswerOne'));
      return;
    }
    if (text.length > NOTE_TEXT_MAX) {
      setProblem(t('parts.cardTooLong'));
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      if (shared) {
        const reply = await api.editNote(client.roomId, shared.noteId, shared.editKey, text);
        client.ownNotes.update(shared.localId, { text: reply.text, state: reply.status });
        announce(t('parts.cardUpdated'));
      } else {
        const anonymous = offerChoice ? !withName : anonymousStep || anonymousRoom || !hasName;
        // Kept on the phone first, then sent (now, or when the connection comes back). The
        // store keeps it as posted and the outbox tells the listener above once the server has it.
        const outcome = await client.outbox.post(
          { text, color: 'yellow', ...(offerChoice ? { anonymous: !withName } : {}) },
          anonymous,
          'card',
        );
        if (outcome.kind === 'queued') {
          announce(t('parts.cardQueued'));
        } else {
          announce(offerChoice && withName ? t('parts.cardSharedNamed') : t('parts.cardSharedUnnamed'));
        }
      }
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  const takeBack = async () => {
    if (!shared || busy) return;
    setBusy(true);
    setProblem('');
    try {
      try {
        await api.withdrawNote(client.roomId, shared.noteId, shared.editKey);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      client.ownNotes.takeBack(shared.localId);
      saveDraft(sharedKey(session.roomId), '');
      setSharedId('');
      announce(t('parts.cardTakenBack'));
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card card-composer" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('parts.yourCard')}</h2>
      <p className="card-composer__privacy" data-card-state={waiting ? 'waiting' : shared ? 'shared' : 'draft'}>
        {waiting
          ? t('parts.cardQueued')
          : !shared
            ? t('parts.cardPrivate')
            : shared.state === 'pending'
              ? t('parts.cardSharedPending')
              : t('parts.cardShared')}
      </p>
      <form className="stack" onSubmit={share} noValidate>
        {prompts.map((prompt, i) => (
          <div className="field" key={prompt}>
            <div className="field__label-row">
              <label className="field__label" htmlFor={`${id}-a${i}`} dir="auto">
                {prompt}
              </label>
              <ReadAloudButton id={`card-question-${i}`} text={prompt} />
            </div>
            <textarea
              id={`${id}-a${i}`}
              className="field__input"
              rows={3}
              dir="auto"
              maxLength={NOTE_TEXT_MAX}
              value={answers[prompt] ?? ''}
              onChange={(e) => setAnswer(prompt, e.currentTarget.value)}
            />
          </div>
        ))}
        <p className="muted">{t('parts.cardLeaveEmpty')}</p>
        {!canShare ? (
          <p className="calm-message card-composer__later">
            {control.locked
              ? t('parts.cardSharingPaused')
              : shared
                ? t('parts.cardStaysShared')
                : t('parts.cardShareLater')}
          </p>
        ) : (
          <>
            {!shared &&
              !waiting &&
              (offerChoice ? (
                <fieldset className="choice">
                  <legend className="field__label">{t('parts.shareMyCard')}</legend>
                  <label className="choice__option">
                    <input type="radio" name={`${id}-name`} checked={withName} onChange={() => setWithName(true)} />
                    <span>
                      {t('parts.withMyName')} <span className="muted">({session.name})</span>
                    </span>
                  </label>
                  <label className="choice__option">
                    <input type="radio" name={`${id}-name`} checked={!withName} onChange={() => setWithName(false)} />
                    <span>{t('parts.withoutMyName')}</span>
                  </label>
                </fieldset>
              ) : (
                <p className="composer__name-line">{t('parts.cardWithoutName')}</p>
              ))}
            {!waiting && (!shared || changed) && (
              <Button type="submit" big block busy={busy}>
                {busy ? t('parts.sharing') : shared ? t('parts.shareChanges') : t('parts.shareMyCard')}
              </Button>
            )}
          </>
        )}
        {problem && (
          <p className="field__error" role="alert">
            {problem}
          </p>
        )}
        {shared && (
          <Button variant="secondary" block onClick={takeBack} busy={busy} unavailable={closed}>
            {t('parts.takeCardBack')}
          </Button>
        )}
      </form>
    </section>
  );
}
