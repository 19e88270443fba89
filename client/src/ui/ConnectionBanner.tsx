import { useRef } from 'react';
import { REMOVED_REASON } from '@tributary/shared/protocol';
import { DeviceRoom } from '../sync/deviceRoom.ts';
import type { BoardRefusalNotice } from '../sync/refusalLabel.ts';
import type { RoomClient } from '../sync/RoomClient.ts';
import { Store } from '../sync/store.ts';
import { useStore } from '../hooks/useStore.ts';
import { lazyPart } from './lazyPart.tsx';
import { linkProps } from './navigation.ts';
import { t, withMessages } from '../i18n/i18n.ts';

// A refusal only happens in a race (the board locking mid-drag): its notice loads when one does.
const RefusalNotice = lazyPart(() => withMessages(import('./RefusalNotice.tsx'), 'board').then((m) => m.RefusalNotice));


/** The room kept on a phone before its live room has loaded has written nothing to be refused. */
const NO_REFUSAL = new Store<BoardRefusalNotice | null>(null);

/**
 * A small, calm line about the connection. It never blames the person: losing signal is
 * normal on old phones, and whatever they write is kept and sent when the signal returns.
 * `client` is the live room, or on a phone the room it kept, before the live one has loaded.
 */
export function ConnectionBanner({ client, closedAction = true }: { client: RoomClient | DeviceRoom; closedAction?: boolean }) {
  const connection = useStore(client.connection);
  const liveRoom = client instanceof DeviceRoom ? null : client;
  const refusal = useStore(liveRoom?.boardRefusal ?? NO_REFUSAL);
  // "Connected" only once the room has answered: until then the screen shows the room as this
  // device last saw it (a step that may have moved on), and must not look live.
  const live = connection.status === 'connected' && connection.synced;
  const everLive = useRef(false);
  if (live) everLive.current = true;

  if (refusal?.final) return <RefusalNotice notice={refusal} />;
  if (connection.status === 'closed') {
    const removed = connection.closeReason === REMOVED_REASON;
    return (
      <div className="connection connection--closed" role="alert">
        <p>
          <span className="connection__dot" aria-hidden="true" />
          {removed ? t('room.removed') : t('room.closed')}
        </p>
        {closedAction && !removed && (
          <p>
            <a {...linkProps('/join')}>{t('room.joinWithNewCode')}</a>
          </p>
        )}
      </div>
    );
  }

  let text: string;
  let tone: string;
  if (live) {
    text = t('room.connected');
    tone = 'ok';
  } else if (connection.deviceOffline) {
    // Calm, not an alarm: being offline is normal, and nothing written is lost.
    // Opened with no signal (a reload): what shows is the room as this phone last saw it.
    text = everLive.current ? t('room.offline') : t('room.offlineLastSeen');
    tone = 'waiting';
  } else if (everLive.current || connection.status === 'offline') {
    text = t('room.reconnecting');
    tone = 'waiting';
  } else {
    text = t('room.connecting');
    tone = 'waiting';
  }
  return (
    <>
      {refusal && liveRoom && <RefusalNotice notice={refusal} onDismiss={() => liveRoom.dismissBoardRefusal()} />}
      <p className={`connection connection--${tone}`} role="status">
        <span className="connection__dot" aria-hidden="true" />
        {text}
      </p>
    </>
  );
}
