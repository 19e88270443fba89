import { forwardRef, useState } from 'react';
import type { ControlState } from '@tributary/shared/control/state';
import { ExportPictureButton } from '../../canvas/ExportPictureButton.tsx';
import type { EditorController } from '../../editor/EditorController.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi, type ExportFormat } from '../../sync/facilitatorApi.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { PanelSection } from './FacilitationParts.tsx';
import { t, type MessageId } from '../../i18n/i18n.ts';

const failureText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.message : fallback);

/** The files on offer, each said as what it is for, not only its format. */
const FILES: ReadonlyArray<{ format: ExportFormat; label: MessageId; hint: MessageId }> = [
  { format: 'md', label: 'facilitator.exportMarkdown', hint: 'facilitator.exportMarkdownHint' },
  { format: 'csv', label: 'facilitator.exportCsv', hint: 'facilitator.exportCsvHint' },
  { format: 'json', label: 'facilitator.exportJson', hint: 'facilitator.exportJsonHint' },
];

/** Hands a file to the browser to save, as a link the person clicked would. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * "Take the results away": the board as a document, a spreadsheet, data, or a picture. The
 * files are grouped by area with vote totals; anonymous notes stay anonymous in every one.
 * The heading takes focus when the delete confirmation's "Export first" sends someone here.
 */
export const ExportSection = forwardRef<HTMLHeadingElement, { client: RoomClient; control: ControlState; editor: EditorController; title: string }>(
  function ExportSection({ client, control, editor, title }, headingRef) {
    const [busy, setBusy] = useState<ExportFormat | null>(null);
    const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
    const download = async (format: ExportFormat, label: string) => {
      if (busy) return;
      setBusy(format);
      setMessage(null);
      try {
        const { blob, filename } = await facilitatorApi.exportBoard(client.roomId, client.session.token, format);
        saveFile(blob, filename);
        setMessage({ tone: 'ok', text: t('facilitator.exportSaved', { file: label, filename }) });
      } catch (err) {
        setMessage({ tone: 'error', text: failureText(err, t('facilitator.exportFailed')) });
      } finally {
        setBusy(null);
      }
    };
    return (
      <section className="fv-sec fv-export" aria-labelledby="fv-export-title">
        <h3 id="fv-export-title" ref={headingRef} className="fv-sec__title" tabIndex={-1}>
          {t('facilitator.takeResultsAway')}
        </h3>
        <p className="fv-hint">{t('facilitator.takeResultsAwayHint')}</p>
        <ul className="fv-export__list">
          {FILES.map((file) => (
            <li key={file.format} className="fv-export__item">
              <button
                type="button"
                className="fv-btn fv-export__btn"
                aria-busy={busy === file.format || undefined}
                onClick={() => void download(file.format, t(file.label))}
              >
                {t(file.label)}
              </button>
              <span className="fv-export__hint">{t(file.hint)}</span>
            </li>
          ))}
          <li className="fv-export__item">
            <ExportPictureButton editor={editor} title={title} voteTotals={control.voting.totals} voteTarget={control.voting.target} control={control} />
            <span className="fv-export__hint">{t('facilitator.exportPictureHint')}</span>
          </li>
        </ul>
        <p className={message ? `fv-msg fv-msg--${message.tone === 'error' ? 'error' : 'ok'}` : 'visually-hidden'} role="status">
          {message?.text ?? ''}
        </p>
      </section>
    );
  },
);

/**
 * A link for a co-facilitator: a new facilitator token each time (so the room's first link is
 * never handed on), shown once to copy. It runs the whole session, so the words say so.
 */
export function CoFacilitatorLink({ client }: { client: RoomClient }) {
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<'not yet' | 'copied' | 'refused'>('not yet');
  const [error, setError] = useState('');
  const make = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const { facilitator } = await facilitatorApi.facilitatorLink(client.roomId, client.session.token);
      setLink(facilitator);
      try {
        await navigator.clipboard.writeText(facilitator);
        setCopied('copied');
      } catch {
        setCopied('refused');
      }
    } catch (err) {
      setError(failureText(err, t('facilitator.linkFailed')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PanelSection title={t('facilitator.runWithSomeoneElse')}>
      <p className="fv-hint">{t('facilitator.coFacilitatorHint')}</p>
      <div className="fv-row">
        <button type="button" className="fv-btn fv-btn--small" aria-busy={busy || undefined} onClick={() => void make()}>
          {link ? t('facilitator.makeAnotherCoFacilitatorLink') : t('facilitator.makeCoFacilitatorLink')}
        </button>
      </div>
      {link && (
        <div className="fv-form fv-cofac">
          <p className="fv-msg fv-msg--ok" role="status">
            {copied === 'copied' ? t('facilitator.linkMadeCopied') : t('facilitator.linkMadeCopyBelow')}
          </p>
          <label className="fv-label" htmlFor="fv-cofac-link">
            {t('facilitator.coFacilitatorLink')}
          </label>
          <input id="fv-cofac-link" className="fv-input fv-screen-link__url" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {error && (
        <p className="fv-msg fv-msg--error" role="alert">
          {error}
        </p>
      )}
    </PanelSection>
  );
}
