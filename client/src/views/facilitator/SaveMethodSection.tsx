import { useId, useState } from 'react';
import { ApiError } from '../../sync/api.ts';
import { keepLibraryToken, keptLibraryToken, library } from '../../sync/library.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { t } from '../../i18n/i18n.ts';
import { PanelSection } from './FacilitationParts.tsx';
import { saveFile } from './ExportSection.tsx';

const failure = (error: unknown) => (error instanceof ApiError ? error.message : t('facilitator.saveMethodFailed'));

/**
 * "Keep this as my method": the room's areas and script (not its notes) saved in the
 * facilitator's library, or downloaded as a file to import on the home page later. Without a
 * library on this device, saving makes one and shows its key once.
 */
export function SaveMethodSection({ client, title: roomTitle }: { client: RoomClient; title: string }) {
  const inputId = useId();
  const [title, setTitle] = useState(roomTitle);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      let token = keptLibraryToken();
      if (!token) {
        token = await library.make();
        keepLibraryToken(token);
        setNewKey(token);
      }
      await library.saveRoom(token, client.roomId, client.session.token, title.trim());
      setMessage({ tone: 'ok', text: t('facilitator.methodSaved', { title: title.trim() || roomTitle }) });
    } catch (err) {
      setMessage({ tone: 'error', text: failure(err) });
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const { blob, filename } = await library.roomFile(client.roomId, client.session.token, title.trim());
      saveFile(blob, filename);
      setMessage({ tone: 'ok', text: t('facilitator.methodDownloaded', { filename }) });
    } catch (err) {
      setMessage({ tone: 'error', text: failure(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('facilitator.keepAsMethod')}>
      <p className="fv-hint">{t('facilitator.keepAsMethodHint')}</p>
      <label className="fv-label" htmlFor={inputId}>
        {t('facilitator.methodTitle')}
      </label>
      <input id={inputId} className="fv-input" value={title} maxLength={120} autoComplete="off" onChange={(e) => setTitle(e.currentTarget.value)} />
      <div className="fv-row">
        <button type="button" className="fv-btn" aria-busy={busy || undefined} onClick={() => void save()}>
          {t('facilitator.saveAsMyMethod')}
        </button>
        <button type="button" className="fv-btn" aria-busy={busy || undefined} onClick={() => void download()}>
          {t('facilitator.downloadMethod')}
        </button>
      </div>
      {newKey && (
        <div className="fv-msg fv-msg--ok" role="status">
          <p>{t('facilitator.libraryKeyMade')}</p>
          <code className="fv-key">{newKey}</code>
        </div>
      )}
      {message && (
        <p className={`fv-msg fv-msg--${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </PanelSection>
  );
}
