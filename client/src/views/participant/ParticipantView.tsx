import { useEffect, useMemo, useState } from 'react';
import { useRoomClient } from '../../hooks/useRoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { loadSession, type RoomSession } from '../../sync/session.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Button } from '../../ui/Button.tsx';
import { navigate, setPageTitle } from '../../ui/navigation.ts';
import { MyNotes } from './MyNotes.tsx';
import { NoteComposer } from './NoteComposer.tsx';
import { WholeBoard } from './WholeBoard.tsx';
import { useAnnouncer } from './useAnnouncer.ts';

/** The phone view: the question, "add a note", my notes, and the board only when asked for. */
export default function ParticipantView({ roomId }: { roomId: string }) {
  const session = useMemo(() => loadSession(roomId), [roomId]);
  const client = useRoomClient(session);

  useEffect(() => {
    // No session on this phone (a shared link, cleared storage): joining makes one.
    if (!session) navigate('/join', { replace: true });
  }, [session]);

  if (!session || !client) return <Loading label="Opening the room…" />;
  return <ParticipantRoom client={client} session={session} />;
}

function ParticipantRoom({ client, session }: { client: RoomClient; session: RoomSession }) {
  const control = useStore(client.controlStore);
  const connection = useStore(client.connection);
  const [showBoard, setShowBoard] = useState(false);
  const [message, announce] = useAnnouncer();

  const title = control.title || session.title || 'Workshop';
  const closed = connection.status === 'closed';
  const online = connection.status === 'connected';

  useEffect(() => setPageTitle(title), [title]);

  return (
    <div className="phone">
      <a className="skip-link" href="#add-note">
        Skip to add a note
      </a>
      <header className="room-header">
        <div className="room-header__main">
          <h1 className="room-header__title">{title}</h1>
          <ConnectionBanner client={client} />
        </div>
        {/* Actions a person needs in one tap from anywhere (the planned "Take a break" button goes here). */}
        <div className="room-header__actions" />
      </header>

      {showBoard ? (
        <main id="main" className="phone__main phone__main--board">
          <WholeBoard client={client} onClose={() => setShowBoard(false)} />
        </main>
      ) : (
        <main id="main" className="phone__main">
          <section className="prompt" aria-labelledby="prompt-heading">
            <h2 id="prompt-heading" className="prompt__label">
              The question
            </h2>
            <p className="prompt__text" aria-live="polite">
              {control.prompt}
            </p>
          </section>

          <div id="add-note">
            <NoteComposer client={client} session={session} locked={control.locked} closed={closed} online={online} announce={announce} />
          </div>

          <p className="post-status" role="status" aria-live="polite">
            {message}
          </p>

          <MyNotes client={client} participantId={session.participantId} locked={control.locked} closed={closed} announce={announce} />

          <section className="card see-board" aria-label="The whole board">
            <p className="muted">See what everyone has posted so far.</p>
            <Button variant="secondary" block onClick={() => setShowBoard(true)}>
              See the whole board
            </Button>
          </section>
        </main>
      )}

      <footer className="phone__footer">
        <p>{session.name ? `You are taking part as ${session.name}.` : 'You are taking part without a name. Your notes show no name.'}</p>
      </footer>
    </div>
  );
}
