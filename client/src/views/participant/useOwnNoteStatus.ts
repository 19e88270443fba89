import { t } from '../../i18n/i18n.ts';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../sync/api.ts';
import type { RoomStores } from '../../sync/deviceRoom.ts';
import { useStore } from '../../hooks/useStore.ts';
import { postedNotes } from '../../sync/ownNotes.ts';

/**
 * Keeps the status of this phone's server-held notes up to date (sealed → visible at the reveal,
 * pending → visible when a batch goes out, queued → visible or gone when the facilitator checked
 * it, visible → hidden when moderated). It asks the server when the room's counts say something
 * may have changed: the sealed and pending counts, the reveal, the hidden count, the step, and
 * each fresh sync after a reconnect. The room is never told the queue's size (it would show when
 * a note was held, and so whose), so while one of this phone's notes is queued it asks every
 * QUEUED_POLL_MS instead. `room` is the room kept on the device until the live one is here: nothing is asked before then.
 */
const QUEUED_POLL_MS = 5_000;

export function useOwnNoteStatus(room: RoomStores, announce: (message: string) => void): void {
  const control = useStore(room.controlStore);
  const connection = useStore(room.connection);
  const running = useRef(false);
  const again = useRef(false);
  const synced = connection.synced;
  const anyQueued = useStore(room.ownNotes).some((n) => n.state === 'queued');
  const [queuedTick, setQueuedTick] = useState(0);

  useEffect(() => {
    if (!synced || !anyQueued) return;
    const timer = setInterval(() => setQueuedTick((n) => n + 1), QUEUED_POLL_MS);
    return () => clearInterval(timer);
  }, [synced, anyQueued]);

  useEffect(() => {
    if (!synced) return;
    const check = async () => {
      if (running.current) {
        again.current = true;
        return;
      }
      running.current = true;
      try {
        do {
          again.current = false;
          const board = room.boardStore.get();
          const toAsk = postedNotes(room.ownNotes.get()).filter(
            (n) => n.state === 'sealed' || n.state === 'pending' || n.state === 'queued' || n.state === 'hidden' || (n.state === 'visible' && !board.notes.has(n.noteId)),
          );
          let nowVisible = 0;
          let notShown = 0;
          for (const note of toAsk) {
            try {
              const own = await api.readOwnNote(room.roomId, note.noteId, note.editKey);
              if (own.status !== note.state || (own.text && own.text !== note.text) || own.waitingFor !== note.waitingFor) {
                if (own.status === 'visible' && note.state !== 'visible') nowVisible++;
                if (own.status === 'gone' && note.state === 'queued') notShown++;
                room.ownNotes.update(note.localId, { state: own.status, waitingFor: own.waitingFor, ...(own.text ? { text: own.text } : {}) });
              }
            } catch (error) {
              // The server no longer knows the note (the room was reset): it is gone.
              if (error instanceof ApiError && error.status === 404) room.ownNotes.update(note.localId, { state: 'gone' });
              // Offline or busy: the next change or reconnection asks again.
              if (error instanceof ApiError && error.status === 0) break;
            }
          }
          if (nowVisible > 0) announce(t('phone.nowVisible', { count: nowVisible }));
          if (notShown > 0) announce(t('phone.notShownAfterCheck', { count: notShown }));
        } while (again.current);
      } finally {
        running.current = false;
      }
    };
    void check();
  }, [room, announce, synced, control.sealedCount, control.pendingAnonymous, control.revealed, control.hiddenCount, queuedTick, control.stepIndex, control.anonymousReleaseAsked]);
}
