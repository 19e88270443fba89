import { useEffect, useState } from 'react';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi, type ParticipantSummary } from '../../sync/facilitatorApi.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConfirmBar } from './FacilitationParts.tsx';
// The list shares the look of "Set groups by hand" (fv-hand__*), loaded with the method panel.
import './methods.css';
import { t } from '../../i18n/i18n.ts';

const failureText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.message : fallback);

/**
 * The link for the projector or a big screen. It carries a token that can only show the
 * session, so a screen left open in a hall cannot be used to run it.
 */
export function ScreenLink({ client }: { client: RoomClient }) {
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [copied, setCopied] = useState<'not yet' | 'copied' | 'refused'>('not yet');

  const fetchLink = async (): Promise<string | null> => {
    if (link) return link;
    try {
      const { presenter } = await facilitatorApi.presenterLink(client.roomId, client.session.token);
      setLink(presenter);
      setError('');
      return presenter;
    } catch (err) {
      setError(failureText(err, t('facilitator.screenLinkFailed')));
      return null;
    }
  };
  const open = async () => {
    // Opened before the request, so the browser treats it as the click's own window.
    const tab = globalThis.open('about:blank', '_blank');
    const url = await fetchLink();
    if (tab && url) tab.location.href = url;
    else tab?.close();
  };
  const copy = async () => {
    const url = await fetchLink();
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('refused');
    }
  };

  return (
    <div className="fv-screen-link">
      <p className="fv-hint">{t('facilitator.screenLinkHint')}</p>
      <div className="fv-row">
        <button type="button" className="fv-btn fv-btn--small" onClick={() => void open()}>
          {t('facilitator.openScreenView')}
        </button>
        <button type="button" className="fv-btn fv-btn--small" onClick={() => void copy()}>
          {copied === 'copied' ? t('facilitator.screenLinkCopied') : t('facilitator.copyScreenLink')}
        </button>
      </div>
      {/* Only when the browser would not copy it: the link is not left on show in the panel. */}
      {link && copied === 'refused' && (
        <p className="fv-hint">
          <span className="visually-hidden">{t('facilitator.screenLinkColon')} </span>
          <input className="fv-screen-link__url" readOnly value={link} aria-label={t('facilitator.screenLink')} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      {error && (
        <p className="fv-msg fv-msg--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** "Person 3" for someone who gave no name: the order they joined in, nothing more. */
export function personLabel(person: Pick<ParticipantSummary, 'name'>, index: number): string {
  return person.name?.trim() || t('facilitator.personNoName', { n: index + 1 });
}

/**
 * Taking someone out of the session: the list of people who joined, each with "Take out…",
 * then a plain confirmation. Their phone is disconnected and cannot join again; their notes
 * stay (the facilitator can hide them one by one).
 */
export function RemoveSomeone({ client }: { client: RoomClient }) {
  const [open, setOpen] = useState(false);
  const [people, setPeople] = useState<ParticipantSummary[] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'done'; text: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!open) return;
    let alive = true;
    facilitatorApi
      .participants(client.roomId, client.session.token)
      .then((list) => alive && setPeople(list))
      .catch((err: unknown) => alive && setMessage({ tone: 'error', text: failureText(err, t('facilitator.peopleFailed')) }));
    return () => {
      alive = false;
    };
  }, [open, client, reload]);

  if (!open) {
    return (
      <div className="fv-row">
        <button type="button" className="fv-btn fv-btn--small" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('facilitator.takeSomeoneOut')}
        </button>
      </div>
    );
  }

  const remove = async (person: ParticipantSummary, label: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await facilitatorApi.command(client.roomId, client.session.token, { type: 'participant.remove', participantId: person.participantId });
      setMessage({ tone: 'done', text: t('facilitator.takenOut', { name: label }) });
      setConfirming(null);
      setReload((n) => n + 1);
    } catch (err) {
      setMessage({ tone: 'error', text: failureText(err, t('facilitator.didNotWork')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fv-remove" role="group" aria-label={t('facilitator.takeSomeoneOutLabel')}>
      <div className="fv-row">
        <button type="button" className="fv-btn fv-btn--small" aria-expanded onClick={() => setOpen(false)}>
          {t('facilitator.closeTheList')}
        </button>
      </div>
      {!people && !message && <p className="fv-hint">{t('common.loading')}</p>}
      {people?.length === 0 && <p className="fv-hint">{t('facilitator.nobodyJoinedYet')}</p>}
      {people && people.length > 0 && (
        <ul className="fv-hand__people">
          {people.map((person, index) => {
            const label = personLabel(person, index);
            return (
              <li key={person.participantId} className="fv-hand__person">
                {confirming === person.participantId ? (
                  <ConfirmBar
                    question={t('facilitator.takeOutQuestion', { name: label })}
                    confirmLabel={t('facilitator.takeOutConfirm', { name: label })}
                    cancelLabel={t('facilitator.keepThem')}
                    tone="caution"
                    busy={busy}
                    onConfirm={() => void remove(person, label)}
                    onCancel={() => setConfirming(null)}
                  />
                ) : (
                  <>
                    <span className="fv-hand__name">
                      {label}
                      {!person.connected && <span className="fv-hand__away">{t('facilitator.notConnected')}</span>}
                    </span>
                    <button type="button" className="fv-btn fv-btn--small fv-btn--danger" onClick={() => setConfirming(person.participantId)}>
                      {t('facilitator.takeOut')}
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {message && (
        <p className={`fv-msg fv-msg--${message.tone === 'error' ? 'error' : 'warning'}`} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
