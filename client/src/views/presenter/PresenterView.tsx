import { Component, Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import type { RoomInfoReply } from '@tributary/shared';
import { AREA_COLORS, NOTE_COLORS } from '@tributary/shared/board/colors';
import { useRoomClient } from '../../hooks/useRoomClient.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { ErrorScreen } from '../../ui/ErrorScreen.tsx';
import { JoinPanel } from '../../ui/JoinPanel.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { SessionEndedGate } from '../../ui/SessionEndedGate.tsx';
import { Button } from '../../ui/Button.tsx';
import { Timer } from '../../ui/Timer.tsx';
import { useFacilitatorSession } from '../../ui/facilitatorSession.ts';
import { setPageTitle } from '../../ui/navigation.ts';
import { topVoted, votesWord } from '../participant/votingList.ts';
import { stepLine } from '../participant/words.ts';
import { hasRounds, markerAreas, markerRoundTitle, peopleWord } from '../participant/methods.ts';

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
 * For the projector or the big screen: the question, very large; the step and the timer; how to
 * join; how many notes so far; the top notes once votes are shown; the board on request.
 * Read-only: nothing here can be changed by a stray click on a shared laptop.
 */
export default function PresenterView({ roomId }: { roomId: string }) {
  const state = useFacilitatorSession(roomId, true);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: 'Make a new room', href: '/' }} />;
  }
  if (state.status !== 'ready' || !client) return <Loading label="Opening the room…" />;
  return (
    <SessionEndedGate client={client} who="presenter">
      <Presenter client={client} info={state.info} />
    </SessionEndedGate>
  );
}

/** "12 notes · 3 waiting to be revealed · 2 waiting to go up without names". */
export function countsLine(notes: number, sealed: number, pending: number): string {
  const parts = [notes === 0 ? 'No notes yet' : notes === 1 ? '1 note' : `${notes} notes`];
  if (sealed > 0) parts.push(`${sealed} waiting to be revealed`);
  if (pending > 0) parts.push(`${pending} waiting to go up without names`);
  return parts.join(' · ');
}

function Presenter({ client, info }: { client: RoomClient; info: RoomInfoReply | null }) {
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const [showBoard, setShowBoard] = useState(false);
  const title = control.title || info?.title || client.session.title || 'Workshop';
  const line = stepLine(control);
  const step = control.steps[control.stepIndex];
  const markers = control.voting.target === 'areas';
  const top = control.voting.totals && !markers ? topVoted(board.notes.values(), control.voting.totals, 5) : [];
  const markerTotals = markers ? control.voting.totals : null;
  const roundLine = hasRounds(control) ? `Round ${control.round + 1}` : '';
  const roundTitle = markers ? markerRoundTitle(control) : '';

  useEffect(() => setPageTitle(`${title} (screen)`), [title]);

  return (
    <div className="presenter">
      <header className="presenter__bar">
        <h1 className="presenter__title">{title}</h1>
        {line && (
          <p className="presenter__step">
            {line}
            {step?.title && control.steps.length > 1 ? ` · ${step.title}` : ''}
            {roundLine ? ` · ${roundLine}` : ''}
          </p>
        )}
        {!line && roundLine && <p className="presenter__step">{roundLine}</p>}
        <ConnectionBanner client={client} closedAction={false} />
        <Button variant="quiet" className="presenter__toggle" onClick={() => setShowBoard((v) => !v)} aria-pressed={showBoard}>
          {showBoard ? 'Hide board' : 'Show board'}
        </Button>
      </header>
      <main
        className={`presenter__main${showBoard ? ' presenter__main--board' : ''}${!showBoard && (control.groups.length > 0 || markers) ? ' presenter__main--more' : ''}`}
        id="main"
      >
        <section className="presenter__prompt" aria-labelledby="presenter-prompt">
          <h2 id="presenter-prompt" className="visually-hidden">
            The question
          </h2>
          <p className="presenter__prompt-text">{control.prompt}</p>
          <div className="presenter__under">
            <Timer client={client} size="screen" />
            <p className="presenter__count" aria-live="polite">
              {countsLine(board.notes.size, control.sealedCount, control.pendingAnonymous)}
            </p>
          </div>
          {control.locked && <p className="presenter__paused">Adding notes is paused for now.</p>}
          {control.voting.open && !control.voting.totals && !markers && <p className="presenter__voting">Voting is open. Vote on your phone. Nobody sees who voted for what.</p>}
          {control.groups.length > 0 && !showBoard && !markers && (
            <section className="presenter__groups" aria-labelledby="presenter-groups">
              <h2 id="presenter-groups">{roundLine ? `Groups in ${roundLine.toLowerCase()}` : 'Groups'}</h2>
              <ul className="presenter__group-list">
                {control.groups.map((g) => {
                  const area = g.areaId ? board.areas.get(g.areaId) : undefined;
                  return (
                    <li key={g.id} style={area ? { borderLeftColor: AREA_COLORS[area.color] } : undefined}>
                      <span className="presenter__group-name">{g.label}</span>
                      {area ? area.title : g.members.length === 1 ? '1 person' : `${g.members.length} people`}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
          {markers && (control.voting.open || markerTotals) && !showBoard && (
            <section className="presenter__markers" aria-labelledby="presenter-markers">
              <h2 id="presenter-markers">{roundTitle || 'Markers'}</h2>
              {markerTotals ? (
                <ol className="presenter__marker-list">
                  {markerAreas(board.areas).map((area) => (
                    <li key={area.id} style={{ borderLeftColor: AREA_COLORS[area.color] }}>
                      <span className="presenter__marker-count">{peopleWord(markerTotals[area.id] ?? 0)}</span>
                      {area.title}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="presenter__voting">Place your marker on your phone. Only how many people are at each stage is shown, never who.</p>
              )}
            </section>
          )}
          {top.length > 0 && !showBoard && (
            <section className="presenter__top" aria-labelledby="presenter-top">
              <h2 id="presenter-top">Most votes</h2>
              <ol className="presenter__top-list">
                {top.map(({ note, total }) => (
                  <li key={note.id} style={{ backgroundColor: NOTE_COLORS[note.color] }}>
                    <span className="presenter__top-text">{note.text}</span>
                    <strong className="presenter__top-total">{votesWord(total)}</strong>
                  </li>
                ))}
              </ol>
            </section>
          )}
        </section>
        <aside className="presenter__join">{info && <JoinPanel joinCode={info.joinCode} joinLink={info.links.join} compact={showBoard} />}</aside>
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
