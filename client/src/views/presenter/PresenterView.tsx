import { Component, Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import type { RoomInfoReply } from '@tributary/shared';
import { useRoomClient } from '../../hooks/useRoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { ErrorScreen } from '../../ui/ErrorScreen.tsx';
import { JoinPanel } from '../../ui/JoinPanel.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Button } from '../../ui/Button.tsx';
import { useFacilitatorSession } from '../../ui/facilitatorSession.ts';
import { setPageTitle } from '../../ui/navigation.ts';

const BoardCanvas = lazy(() => import('../../canvas/BoardCanvas.tsx'));

class CanvasBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <p className="presenter__board-empty">The board drawing could not load here.</p> : this.props.children;
  }
}

/**
 * For the projector or the big screen: the question, how to join, how many notes so far, and
 * the board. Read-only: nothing here can be changed by a stray click on a shared laptop.
 */
export default function PresenterView({ roomId }: { roomId: string }) {
  const state = useFacilitatorSession(roomId);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: 'Make a new room', href: '/' }} />;
  }
  if (state.status !== 'ready' || !client) return <Loading label="Opening the room…" />;
  return <Presenter client={client} info={state.info} />;
}

function Presenter({ client, info }: { client: RoomClient; info: RoomInfoReply | null }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const [showBoard, setShowBoard] = useState(true);
  const title = control.title || info?.title || client.session.title || 'Workshop';
  const count = board.notes.size;

  useEffect(() => setPageTitle(`${title} (screen)`), [title]);

  return (
    <div className="presenter">
      <header className="presenter__bar">
        <h1 className="presenter__title">{title}</h1>
        <p className="presenter__count" aria-live="polite">
          {count === 0 ? 'No notes yet' : count === 1 ? '1 note' : `${count} notes`}
        </p>
        <ConnectionBanner client={client} closedAction={false} />
        <Button variant="quiet" onClick={() => setShowBoard((v) => !v)} aria-pressed={showBoard}>
          {showBoard ? 'Hide board' : 'Show board'}
        </Button>
      </header>
      <main className={`presenter__main${showBoard ? '' : ' presenter__main--no-board'}`} id="main">
        <div className="presenter__side">
          <section className="presenter__prompt" aria-labelledby="presenter-prompt">
            <h2 id="presenter-prompt" className="prompt__label">
              The question
            </h2>
            <p className="presenter__prompt-text">{control.prompt}</p>
            {control.locked && <p className="presenter__paused">Adding notes is paused for now.</p>}
          </section>
          {info && <JoinPanel joinCode={info.joinCode} joinLink={info.links.join} />}
        </div>
        {showBoard && (
          <div className="presenter__board">
            <div className="canvas-fill">
              <CanvasBoundary>
                <Suspense fallback={<p className="presenter__board-empty">Loading the board…</p>}>
                  <BoardCanvas client={client} readOnly />
                </Suspense>
              </CanvasBoundary>
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
