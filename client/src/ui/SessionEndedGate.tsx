import { withMessages } from '../i18n/i18n.ts';
import type { ReactNode } from 'react';
import { useStore } from '../hooks/useStore.ts';
import { DeviceRoom } from '../sync/deviceRoom.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { sessionEnded } from '../sync/sessionEnded.ts';
import { lazyPart } from './lazyPart.tsx';

// Needed once per session at most, at its end: fetched then, never in the phone's first load.
const SessionEnded = lazyPart(() => withMessages(import('./SessionEnded.tsx'), 'board').then((m) => m.SessionEnded));

/**
 * Shows the room while it exists, and only "This session has ended" (with what this person may
 * keep) once it has been deleted: never the question, the votes or a timer that runs on.
 * `client` is the live room, or on a phone the room it kept, before the live one has loaded
 * (which knows of no end yet).
 */
export function SessionEndedGate({ client, who, children }: { client: RoomClient | DeviceRoom; who: 'participant' | 'facilitator' | 'presenter'; children: ReactNode }) {
  const connection = useStore(client.connection);
  if (!(client instanceof DeviceRoom) && sessionEnded(connection)) return <SessionEnded client={client} who={who} />;
  return <>{children}</>;
}
