import { useRef } from 'react';
import { REMOVED_REASON } from '@tributary/shared/protocol';
import type { BoardRefusalNotice, RoomClient } from '../sync/RoomClient.ts';
import { useStore } from '../hooks/useStore.ts';
import { Button } from './Button.tsx';
import { linkProps } from './navigation.ts';

export const CLOSED_MESSAGE = 'This room has ended or your link is no longer valid';
export const REMOVED_MESSAGE = 'The facilitator has taken you out of this session.';

/**
 * A small, calm line about the connection. It never blames the person: losing signal is
 * normal on old phones, and whatever they write is kept and sent when the signal returns.
 */
export function ConnectionBanner({ client, closedAction = true }: { client: RoomClient; closedAction?: boolean }) {
  const connection = useStore(client.connection);
  const refusal = useStore(client.boardRefusal);
  const everConnected = useRef(false);
  if (connection.status === 'connected') everConnected.current = true;

  if (refusal?.final) return <RefusalNotice notice={refusal} />;
  if (connection.status === 'closed') {
    const removed = connection.closeReason === REMOVED_REASON;
    return (
      <div className="connection connection--closed" role="alert">
        <p>
          <span className="connection__dot" aria-hidden="true" />
          {removed ? REMOVED_MESSAGE : `${CLOSED_MESSAGE}.`}
        </p>
        {closedAction && !removed && (
          <p>
            <a {...linkProps('/join')}>Join with a new code</a>
          </p>
        )}
      </div>
    );
  }

  let text: string;
  let tone: string;
  if (connection.status === 'connected') {
    text = 'Connected';
    tone = 'ok';
  } else if (connection.deviceOffline) {
    // Calm, not an alarm: being offline is normal, and nothing written is lost.
    text = "You're offline. Your notes are safe on this phone and will be sent when you're back.";
    tone = 'waiting';
  } else if (everConnected.current || connection.status === 'offline') {
    text = 'Reconnecting… your notes are safe on this phone';
    tone = 'waiting';
  } else {
    text = 'Connecting…';
    tone = 'waiting';
  }
  return (
    <>
      {refusal && <RefusalNotice notice={refusal} onDismiss={() => client.dismissBoardRefusal()} />}
      <p className={`connection connection--${tone}`} role="status">
        <span className="connection__dot" aria-hidden="true" />
        {text}
      </p>
    </>
  );
}

/**
 * The server did not take a change (the facilitator paused the board a moment before it
 * arrived, say). The board is already back in step; what the person typed is shown and kept.
 */
function RefusalNotice({ notice, onDismiss }: { notice: BoardRefusalNotice; onDismiss?: () => void }) {
  return (
    <div className="connection connection--waiting" role="alert" data-refusal={notice.label}>
      <p>
        <span className="connection__dot" aria-hidden="true" />
        {notice.message} {notice.kept.length > 0 ? 'What you typed is kept.' : ''}
      </p>
      {notice.kept.map((k) => (
        <blockquote key={k.noteId}>{k.text}</blockquote>
      ))}
      {notice.final ? (
        <p>Please load the page again to carry on.</p>
      ) : (
        onDismiss && (
          <Button variant="quiet" onClick={onDismiss}>
            OK
          </Button>
        )
      )}
    </div>
  );
}
