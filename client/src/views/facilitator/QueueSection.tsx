import { useCallback, useEffect, useRef, useState } from 'react';
import type { Command, QueueReply } from '@tributary/shared/api';
import type { ControlState } from '@tributary/shared/control/state';
import { NotePicture } from '../../pictures/NotePicture.tsx';
import { noteWords } from '../../pictures/noteWords.ts';
import { noteImagesOf } from '../../sync/noteImages.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Feedback, PanelSection } from './FacilitationParts.tsx';
import { useCommand } from './facilitationHooks.ts';

/** How often the open facilitator page reads the queue again. */
const QUEUE_POLL_MS = 4_000;

/**
 * "Waiting for you": notes held before anyone sees them (a review step, or the word filter),
 * each with its words, its picture if it has one, Approve and Don't show. The server gives no
 * author, named or anonymous, and only the minute. The room's shared state does not carry the
 * queue's size (its change would tell every phone when a note was held, and so whose), so this
 * page reads the queue every QUEUE_POLL_MS, and at once after each decision; a new note is
 * announced politely. Shown above the tabs while anything waits or the step is a review step,
 * so it is never behind another tab.
 */
export function QueueSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [notes, setNotes] = useState<QueueReply | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [news, setNews] = useState('');
  const seen = useRef<Set<string> | null>(null);
  const alive = useRef(true);

  const load = useCallback(async () => {
    try {
      const list = await facilitatorApi.queue(client.roomId, client.session.token);
      if (!alive.current) return;
      const fresh = seen.current ? list.filter((n) => !seen.current!.has(n.noteId)).length : 0;
      if (fresh > 0) setNews(t('facilitator.queueNew', { count: list.length }));
      seen.current = new Set(list.map((n) => n.noteId));
      setNotes(list);
      setLoadError(null);
    } catch (err: unknown) {
      if (alive.current) setLoadError(err instanceof ApiError ? err.message : t('facilitator.queueLoadFailed'));
    }
  }, [client]);

  useEffect(() => {
    alive.current = true;
    void load();
    const timer = setInterval(() => void load(), QUEUE_POLL_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [load]);

  const decide = (command: Command) => void cmd.run(command).then(() => load());
  const images = noteImagesOf(client);
  const count = notes?.length ?? 0;
  const reviewStep = control.steps[control.stepIndex]?.review === true;
  if (count === 0 && !reviewStep) {
    return (
      <p className="visually-hidden" aria-live="polite">
        {news}
      </p>
    );
  }
  return (
    <PanelSection title={t('facilitator.queueTitle', { count })} className="fv-queue">
      <p className="visually-hidden" aria-live="polite">
        {news}
      </p>
      <p className="fv-hint">{t('facilitator.queueIntro')}</p>
      {loadError && (
        <p className="fv-msg fv-msg--error" role="alert">
          {loadError}
        </p>
      )}
      {notes && notes.length > 0 && (
        <ul className="fv-queue__list">
          {notes.map((note) => (
            <li key={note.noteId} className="fv-queue__item">
              <NotePicture images={images} note={note} className="fv-queue__picture" />
              <p className="fv-queue__text">{noteWords(note)}</p>
              <p className="fv-queue__why">
                {note.reason === 'filter' ? t('facilitator.queueReasonFilter', { words: (note.matched ?? []).join(', ') }) : t('facilitator.queueReasonReview')}
                {note.anonymous ? ` · ${t('facilitator.queueAnonymous')}` : ''}
              </p>
              <div className="fv-row">
                <button
                  type="button"
                  className="fv-btn fv-btn--primary"
                  aria-busy={cmd.busy || undefined}
                  aria-label={t('facilitator.queueApproveLabel', { text: noteWords(note).slice(0, 60) })}
                  onClick={() => decide({ type: 'queue.approve', noteId: note.noteId })}
                >
                  {t('facilitator.queueApprove')}
                </button>
                <button
                  type="button"
                  className="fv-btn"
                  aria-busy={cmd.busy || undefined}
                  aria-label={t('facilitator.queueRejectLabel', { text: noteWords(note).slice(0, 60) })}
                  onClick={() => decide({ type: 'queue.reject', noteId: note.noteId })}
                >
                  {t('facilitator.queueReject')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {notes && notes.length > 1 && (
        <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => decide({ type: 'queue.approveAll' })}>
          {t('facilitator.queueApproveAll')}
        </button>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}
