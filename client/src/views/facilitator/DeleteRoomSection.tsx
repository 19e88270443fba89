import { useState } from 'react';
import { useStore } from '../../hooks/useStore.ts';
import { api, ApiError } from '../../sync/api.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { forgetSession } from '../../sync/session.ts';
import { navigate } from '../../ui/navigation.ts';
import { ConfirmBar, PanelSection } from './SessionParts.tsx';

/** What deleting a room takes away, in words, so nobody deletes a session by surprise. */
export function whatGoes(notes: number, areas: number, steps: number): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    `This deletes the board with its ${plural(notes, 'note', 'notes')} and ${plural(areas, 'area', 'areas')}, ` +
    `the ${plural(steps, 'step', 'steps')}, every vote, the hidden notes, and everyone's link to this room. ` +
    'People still connected will see that the session has ended. It cannot be undone.'
  );
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
      await api.deleteRoom(client.roomId, client.session.token);
      forgetSession(client.roomId);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err.message : 'The room could not be deleted. Try again.');
    }
  };

  return (
    <PanelSection title="Delete this room">
      <p className="fv-hint">Rooms nobody uses for 30 days are deleted by themselves. You can delete this one now.</p>
      {confirming ? (
        <ConfirmBar
          question={
            <>
              {whatGoes(board.notes.size, board.areas.size, control.steps.length)}{' '}
              <button type="button" className="fv-linkbtn" onClick={onExportFirst}>
                Export first
              </button>{' '}
              if you want to keep anything.
            </>
          }
          confirmLabel="Yes, delete everything"
          cancelLabel="Keep the room"
          tone="caution"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="fv-btn fv-btn--danger" onClick={() => setConfirming(true)}>
          Delete this room…
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
