import { useEffect, useId, useState } from 'react';
import type { ResultsStateReply } from '@tributary/shared/publishedResults';
import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { useQrCode } from '../../ui/JoinPanel.tsx';
import { ConfirmBar, PanelSection } from './FacilitationParts.tsx';

/** The most "what happened next" can hold: the server's limit (shared/src/publishedResults.ts). */
const NEXT_MAX = 5000;

const failureText = (error: unknown) => (error instanceof ApiError ? error.message : t('facilitator.resultsFailed'));

type Message = { tone: 'error' | 'ok'; text: string } | null;

/**
 * "Share what we said": a page for the group, opened by a link without joining, that shows the
 * notes by area, the charts and what the group agreed, and later what happened next. No name is
 * on it. The state comes from the server, so it is the same after a reload.
 */
export function ShareResultsSection({ client }: { client: RoomClient }) {
  const { roomId } = client;
  const token = client.session.token;
  const [state, setState] = useState<ResultsStateReply | null>(null);
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState<'publish' | 'save' | 'down' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [copied, setCopied] = useState(false);
  const nextId = useId();
  const qr = useQrCode(state?.url ?? '');

  useEffect(() => {
    let cancelled = false;
    facilitatorApi.resultsState(roomId, token).then(
      (reply) => {
        if (cancelled) return;
        setState(reply);
        setNext(reply.next);
      },
      (err: unknown) => !cancelled && setMessage({ tone: 'error', text: failureText(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [roomId, token]);

  const run = async (kind: 'publish' | 'save' | 'down', action: () => Promise<void>) => {
    if (busy) return;
    setBusy(kind);
    setMessage(null);
    try {
      await action();
    } catch (err) {
      setMessage({ tone: 'error', text: failureText(err) });
    } finally {
      setBusy(null);
    }
  };
  const publish = () =>
    run('publish', async () => {
      const { url } = await facilitatorApi.publishResults(roomId, token);
      setState({ published: true, url, next: state?.next ?? '' });
      setCopied(false);
    });
  const save = () =>
    run('save', async () => {
      const reply = await facilitatorApi.setResultsNext(roomId, token, next);
      setState(reply);
      setNext(reply.next);
      setMessage({ tone: 'ok', text: reply.next ? t('facilitator.resultsNextSaved') : t('facilitator.resultsNextCleared') });
    });
  const takeDown = () =>
    run('down', async () => {
      await facilitatorApi.takeResultsDown(roomId, token);
      setState({ published: false, next: '' });
      setNext('');
      setConfirming(false);
      setMessage({ tone: 'ok', text: t('facilitator.resultsTakenDown') });
    });
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setMessage({ tone: 'error', text: t('facilitator.resultsCopyRefused') });
    }
  };

  return (
    <PanelSection title={t('facilitator.shareResults')} className="fv-share-results">
      <p className="fv-hint">{t('facilitator.shareResultsHint')}</p>
      {state && !state.published && (
        <div className="fv-row">
          <button type="button" className="fv-btn" aria-busy={busy === 'publish' || undefined} onClick={() => void publish()}>
            {t('facilitator.publishResults')}
          </button>
        </div>
      )}
      {state?.published && (
        <div className="fv-form">
          {state.url ? (
            <>
              <label className="fv-label" htmlFor={`${nextId}-link`}>
                {t('facilitator.resultsLink')}
              </label>
              <input id={`${nextId}-link`} className="fv-input fv-screen-link__url" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} />
              <div className="fv-row">
                <button type="button" className="fv-btn fv-btn--small" onClick={() => void copy(state.url!)}>
                  {copied ? t('facilitator.resultsLinkCopied') : t('facilitator.copyResultsLink')}
                </button>
                <a className="fv-btn fv-btn--small fv-paper__link" href={state.url} target="_blank" rel="noopener noreferrer">
                  {t('facilitator.openResults')}
                </a>
              </div>
              {qr && <div className="fv-share-results__qr" role="img" aria-label={t('facilitator.resultsQr')} dangerouslySetInnerHTML={{ __html: qr }} />}
            </>
          ) : (
            <p className="fv-hint">{t('facilitator.resultsPublishedElsewhere')}</p>
          )}
          <label className="fv-label" htmlFor={nextId}>
            {t('facilitator.whatHappenedNext')}
          </label>
          <p className="fv-hint" id={`${nextId}-hint`}>
            {t('facilitator.whatHappenedNextHint')}
          </p>
          <textarea
            id={nextId}
            className="fv-input fv-share-results__next"
            rows={5}
            maxLength={NEXT_MAX}
            aria-describedby={`${nextId}-hint`}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <div className="fv-row">
            <button type="button" className="fv-btn fv-btn--small" aria-busy={busy === 'save' || undefined} onClick={() => void save()}>
              {t('facilitator.saveWhatHappenedNext')}
            </button>
          </div>
          {confirming ? (
            <ConfirmBar
              question={t('facilitator.confirmTakeResultsDown')}
              confirmLabel={t('facilitator.takeResultsDown')}
              tone="caution"
              busy={busy === 'down'}
              onConfirm={() => void takeDown()}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <div className="fv-row">
              <button type="button" className="fv-btn fv-btn--danger" onClick={() => setConfirming(true)}>
                {t('facilitator.takeResultsDown')}
              </button>
            </div>
          )}
        </div>
      )}
      <p className={message ? `fv-msg fv-msg--${message.tone}` : 'visually-hidden'} role="status">
        {message?.text ?? ''}
      </p>
    </PanelSection>
  );
}
