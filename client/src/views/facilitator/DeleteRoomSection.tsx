import { useState } from 'react';
import { useStore } from '../../hooks/useStore.ts';
import { ApiError } from '../../sync/api.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { forgetSession } from '../../sync/session.ts';
import { navigate } from '../../ui/navigation.ts';
import { ConfirmBar, PanelSection } from './FacilitationParts.tsx';
import { t } from '../../i18n/i18n.ts';

/** What deleting a room takes away, in words, so nobody deletes a session by surprise. */
export function whatGoes(notes: number, areas: number, steps: number): string {
  return t('facilitator.deleteWhatGoes', { notes, areas, steps });
}

/** "Delete this room now" (data retention): the confirmation names what goes. */
export function DeleteRoomSection({ client, onExportFirst }: { client: RoomClient; /** Shows the export, for "Export first". */ onExportFirst: () => void }) {
  const board = useStore(client.boardStore);
  const control = useStore(client.controlStore);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const remove = async () => {
    setBusy(true);
    setError('');
    try {
      await facilitatorApi.deleteRoom(client.roomId, client.session.token);
      forgetSession(client.roomId);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err.message : t('facilitator.deleteFailed'));
    }
  };

  return (
    <PanelSection title={t('facilitator.deleteRoom')}>
      <p className="fv-hint">{t('facilitator.deleteRoomHint')}</p>
      {confirming ? (
        <ConfirmBar
          question={
            <>
              {whatGoes(board.notes.size, board.areas.size, control.steps.length)}{' '}
              <button type="button" className="fv-linkbtn" onClick={onExportFirst}>
                {t('facilitator.exportFirst')}
              </button>{' '}
              {t('facilitator.exportFirstAfter')}
            </>
          }
          confirmLabel={t('facilitator.deleteConfirm')}
          cancelLabel={t('facilitator.deleteCancel')}
          tone="caution"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="fv-btn fv-btn--danger" onClick={() => setConfirming(true)}>
          {t('facilitator.deleteRoomButton')}
        </button>
      )}
      {error && (
        <p className="fv-msg fv-msg--error" role="alert">
          {error}
        </p>
      )}
    </PanelSection>
  );
}
