import { useEffect, useRef, useState } from 'react';
import type { QueueReply } from '@tributary/shared/api';
import type { ControlState } from '@tributary/shared/control/state';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { Feedback, PanelSection } from './FacilitationParts.tsx';
import { useCommand } from './facilitationHooks.ts';

/**
 * "Waiting for you": notes held before anyone sees them (a review step, or the word filter),
 * each with Approve and Don't show. The server gives no author, named or anonymous, and only the
 * minute; the list is read again whenever the room's count of waiting notes changes, and a new
 * note is announced politely. Shown above the tabs while anything waits or the step is a review
 * step, so it is never behind another tab.
 */
export function QueueSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const cmd = useCommand(client);
  const [notes, setNotes] = useState<QueueReply | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [news, setNews] = useState('');
  const count = control.queuedCount;
  const before = useRef(count);

  useEffect(() => {
    if (count > before.current) setNews(t('facilitator.queueNew', { count }));
    before.current = count;
    let cancelled = false;
    if (count === 0) {
      setNotes([]);
      return;
    }
    facilitatorApi
      .queue(client.roomId, client.session.token)
      .then((list) => {
        if (cancelled) return;
        setNotes(list);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (!cancelled) setLoadError(err instanceof ApiError ? err.message : t('facilitator.queueLoadFailed'));
      });
    return () => {
      cancelled = true;
    };
  }, [client, count]);

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
              <p className="fv-queue__text">{note.text}</p>
              <p className="fv-queue__why">
                {note.reason === 'filter' ? t('facilitator.queueReasonFilter', { words: (note.matched ?? []).join(', ') }) : t('facilitator.queueReasonReview')}
                {note.anonymous ? ` · ${t('facilitator.queueAnonymous')}` : ''}
              </p>
              <div className="fv-row">
                <button
                  type="button"
                  className="fv-btn fv-btn--primary"
                  aria-busy={cmd.busy || undefined}
                  aria-label={t('facilitator.queueApproveLabel', { text: note.text.slice(0, 60) })}
                  onClick={() => void cmd.run({ type: 'queue.approve', noteId: note.noteId })}
                >
                  {t('facilitator.queueApprove')}
                </button>
                <button
                  type="button"
                  className="fv-btn"
                  aria-busy={cmd.busy || undefined}
                  aria-label={t('facilitator.queueRejectLabel', { text: note.text.slice(0, 60) })}
                  onClick={() => void cmd.run({ type: 'queue.reject', noteId: note.noteId })}
                >
                  {t('facilitator.queueReject')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {notes && notes.length > 1 && (
        <button type="button" className="fv-btn" aria-busy={cmd.busy || undefined} onClick={() => void cmd.run({ type: 'queue.approveAll' })}>
          {t('facilitator.queueApproveAll')}
        </button>
      )}
      <Feedback state={cmd} />
    </PanelSection>
  );
}
