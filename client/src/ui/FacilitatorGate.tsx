import type { ReactNode } from 'react';
import type { RoomInfoReply } from '@tributary/shared/api';
import type { RoomClient } from '../sync/RoomClient.ts';
import { useRoomClient } from '../hooks/useRoomClient.ts';
import { ErrorScreen } from './ErrorScreen.tsx';
import { Loading } from './Loading.tsx';
import { useFacilitatorSession } from './facilitatorSession.ts';
import { t } from '../i18n/i18n.ts';

/**
 * Opens the facilitator's session (moving a `#token=` from the link into storage) and the
 * room's live connection, then hands the RoomClient to the facilitator view, with the room's
 * details (join code, link, title) when the server could be asked (null while it is out of reach).
 */
export default function FacilitatorGate({ roomId, children }: { roomId: string; children: (client: RoomClient, info: RoomInfoReply | null) => ReactNode }) {
  const state = useFacilitatorSession(roomId);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: t('errors.makeNewRoom'), href: '/' }} />;
  }
  if (!client) return <Loading label={t('facilitator.openingRoom')} />;
  return children(client, state.status === 'ready' ? state.info : null);
}
