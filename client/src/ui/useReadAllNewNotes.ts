import { useEffect, useState } from 'react';
import { useStore } from '../hooks/useStore.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { canReadAloud } from './canReadAloud.ts';
import { readAllNewNotes } from './readAloudState.ts';
import { loadReaderModule } from './readAloudLoader.ts';

/**
 * While "Read all new notes" is on, reads each note that appears on this room's board. The
 * count starts once the board has first synced, so the notes already there are not read as new.
 */
export function useReadAllNewNotes(client: RoomClient): void {
  const on = useStore(readAllNewNotes);
  const synced = useStore(client.connection).synced;
  // Latched: a reconnection must not start the count again (notes posted meanwhile are news).
  // Set while rendering (not in an effect), so the watch starts in the same commit as "Connected".
  const [hasSynced, setHasSynced] = useState(synced);
  if (synced && !hasSynced) setHasSynced(true);
  const ready = on && hasSynced;
  useEffect(() => {
    if (!ready || !canReadAloud()) return;
    const store = client.boardStore;
    // The notes there now are not news, even if the reader takes a moment to load.
    const known = [...store.get().notes.values()];
    const stop = loadReaderModule().then((m) => m.readNewNotes(store, known));
    return () => void stop.then((unsubscribe) => unsubscribe());
  }, [client, ready]);
}
