import { useEffect, useState } from 'react';
import { useStore } from '../../hooks/useStore.ts';
import { api } from '../../sync/api.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';

/**
 * This person's own ballot in the current voting round (dots on notes, or a marker on an area):
 * asked of the server when a round opens and after a reconnect or reload, and updated from each
 * vote's answer through the setters. Only this device ever sees it.
 */
export function useMyBallot(client: RoomClient) {
  const { open, round, budget } = useStore(client.controlStore).voting;
  const connection = useStore(client.connection);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [mine, setMine] = useState<Record<string, number>>({});

  useEffect(() => {
    if (!open || !connection.synced) return;
    let cancelled = false;
    api
      .votes(client.roomId, client.session.token)
      .then((reply) => {
        if (cancelled) return;
        setRemaining(reply.remaining ?? reply.budget);
        setMine(reply.mine ?? {});
      })
      .catch(() => {
        /* the buttons still work; their answers fill this in */
      });
    return () => {
      cancelled = true;
    };
  }, [client, open, round, connection.synced]);

  return { mine, setMine, setRemaining, left: remaining ?? budget };
}
