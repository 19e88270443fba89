import { useEffect, useRef, useState } from 'react';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ANNOUNCE_INTERVAL_MS, NewNoteBatcher, describeNewNotes } from './announce.ts';

/**
 * A polite live region that says what is new on the board in batches ("3 new notes in
 * Table 2"), at most once every two seconds, so a busy room does not talk over itself.
 */
export function NewNotesAnnouncer({ client, intervalMs = ANNOUNCE_INTERVAL_MS }: { client: RoomClient; intervalMs?: number }) {
  const [message, setMessage] = useState('');
  const clearTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const store = client.boardStore;
    const batcher = new NewNoteBatcher(store.get().notes.values());
    const unsubscribe = store.subscribe(() => batcher.update(store.get().notes.values()));
    const timer = setInterval(() => {
      if (!batcher.hasPending) return;
      const snap = store.get();
      const text = describeNewNotes(batcher.take(snap.notes), snap.areas);
      if (!text) return;
      // Emptied first, so the same sentence twice in a row is still heard; emptied again after a
      // while, so an old message is not read again as news.
      clearTimeout(clearTimer.current);
      setMessage('');
      clearTimer.current = setTimeout(() => {
        setMessage(`${text}.`);
        clearTimer.current = setTimeout(() => setMessage(''), Math.max(intervalMs * 4, 8000));
      }, 60);
    }, intervalMs);
    return () => {
      unsubscribe();
      clearInterval(timer);
      clearTimeout(clearTimer.current);
    };
  }, [client, intervalMs]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="board-announcer">
      {message}
    </div>
  );
}
