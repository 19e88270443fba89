import { useEffect, useState } from 'react';
import { RoomClient } from '../sync/RoomClient.ts';
import type { RoomSession } from '../sync/session.ts';

/**
 * One RoomClient (documents, connections, presence) per room and token, created when a view
 * mounts and destroyed when it unmounts. Returns null until it exists (the first render).
 */
export function useRoomClient(session: RoomSession | null): RoomClient | null {
  const [client, setClient] = useState<RoomClient | null>(null);
  const roomId = session?.roomId;
  const token = session?.token;

  useEffect(() => {
    if (!session) return;
    const created = new RoomClient({ session });
    setClient(created);
    return () => {
      setClient(null);
      created.destroy();
    };
    // A new client only when the room or the token changes, not when the session object does.
  }, [roomId, token]);

  return client;
}
