import { activeLanguage, t } from '../../i18n/i18n.ts';
import { Component, Suspense, lazy, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RoomInfoReply } from '@tributary/shared/api';
import { AREA_COLORS } from '@tributary/shared/board/colors';
import { DEFAULT_PROMPT } from '@tributary/shared/control/state';
import { cardPrompts } from '@tributary/shared/board/cards';
import { notesByArea } from '@tributary/shared/board/results';
import { roundsInTurn } from '@tributary/shared/groupPlanning';
import { isWordsBoard } from '@tributary/shared/board/words';
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
import { stepLine } from '../participant/words.ts';
import { hasRounds, markerRoundTitle, peopleWord } from '../participant/methods.ts';
import { MarkerChartTable } from './MarkerChartTable.tsx';
import { NotesByArea } from './NotesByArea.tsx';
import { noteImagesOf, type NoteImages } from '../../sync/noteImages.ts';
import { countsLine, stepResults, type StepResults } from './presenterResults.ts';
import { VoteBars } from './VoteBars.tsx';
import { WordCloud } from './WordCloud.tsx';
import './presenter.css';

/** "Round 2 of 4", as the facilitator's panel says it (shared/src/groupPlanning.ts roundText), in the language on screen. */
function roundWords(round: number, turn: number | null): string {
  if (turn === null) return t('room.round', { round: round + 1 });
  return round < turn ? t('presenter.roundOf', { round: round + 1, total: turn }) : t('presenter.roundAgain', { round: round + 1 });
}

const BoardCanvas = lazy(() => import('../../canvas/BoardCanvas.tsx'));

class CanvasBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <p className="presenter__board-empty">{t('presenter.drawingCouldNotLoad')}</p> : this.props.children;
  }
}

/**
 * For the projector or the big screen: the question, very large; the step and the timer; how to
 * join; how many notes (or words) so far; the step's results (word cloud, vote and marker charts,
 * an area's notes whole); every note by area, readable, or the board drawing on request.
 * Read-only: nothing here can be changed by a stray click on a shared laptop.
 */
export default function PresenterView({ roomId }: { roomId: string }) {
  const state = useFacilitatorSession(roomId, true);
  const client = useRoomClient(state.status === 'ready' ? state.session : null);
  if (state.status === 'error') {
    return <ErrorScreen title={state.title} message={state.message} action={{ label: t('presenter.makeNewRoom'), href: '/' }} />;
  }
  if (state.status !== 'ready' || !client) return <Loading label={t('presenter.openingRoom')} />;
  return (
    <SessionEndedGate client={client} who="presenter">
      <Presenter client={client} info={state.info} />
    </SessionEndedGate>
  );
}

type ScreenView = 'question' | 'notes' | 'board';

function Presenter({ client, info }: { client: RoomClient; info: RoomInfoReply | null }) {
  const images = noteImagesOf(client) ?? undefined;
  const control = useStore(client.controlStore);
  const board = useStore(client.boardStore);
  const [view, setView] = useState<ScreenView>('question');
  const toggle = (next: ScreenView) => setView((v) => (v === next ? 'question' : next));
  const title = control.title || info?.title || client.session.title || t('presenter.defaultTitle');
  const line = stepLine(control);
  const step = control.steps[control.stepIndex];
  const markers = control.voting.target === 'areas';
  const words = isWordsBoard(board.areas.values());
  const results = useMemo(() => stepResults(control, board), [control, board]);
  const allNotes = useMemo(() => (view === 'notes' ? notesByArea(board.areas.values(), board.notes.values()) : []), [view, board]);
  const prompts = useMemo(() => cardPrompts(control.steps), [control.steps]);
  // "Round 2 of 4", as the facilitator's panel says it.
  const roundLine = hasRounds(control) ? roundWords(control.round, roundsInTurn(control.groups, control.method)) : '';
  const roundTitle = markers ? markerRoundTitle(control) : '';
  const showBoard = view === 'board';
  const showQuestion = view === 'question';
  const more = showQuestion && (control.groups.length > 0 || markers || results !== null);

  useEffect(() => setPageTitle(t('presenter.pageTitle', { title })), [title]);

  return (
    <div className="presenter">
      <header className="presenter__bar">
        <h1 className="presenter__title" dir="auto">
          {title}
        </h1>
        {line && (
          <p className="presenter__step">
            {line}
            {step?.title && control.steps.length > 1 ? ` · ${step.title}` : ''}
            {roundLine ? ` · ${roundLine}` : ''}
          </p>
        )}
        {!line && roundLine && <p className="presenter__step">{roundLine}</p>}
        {view === 'notes' && info && <p className="presenter__code">{t('presenter.joinWithCode', { code: info.joinCode })}</p>}
        <ConnectionBanner client={client} closedAction={false} />
        <div className="presenter__views">
          <Button variant="quiet" className="presenter__toggle" onClick={() => toggle('notes')} aria-pressed={view === 'notes'}>
            {view === 'notes' ? t('presenter.backToQuestion') : t('presenter.allNotes')}
          </Button>
          <Button variant="quiet" className="presenter__toggle" onClick={() => toggle('board')} aria-pressed={showBoard}>
          {showBoard ? t('presenter.hideBoard') : t('presenter.showBoard')}
        </Button>
        </div>
      </header>
      <main
        className={`presenter__main${showBoard ? ' presenter__main--board' : ''}${view === 'notes' ? ' presenter__main--notes' : ''}${more ? ' presenter__main--more' : ''}`}
        id="main"
      >
        {view === 'notes' ? (
          <section className="presenter__all-notes" aria-labelledby="presenter-all-notes">
            <h2 id="presenter-all-notes" className="visually-hidden">
              {t('presenter.allNotesByArea')}
            </h2>
            <NotesByArea groups={allNotes} prompts={prompts} version={board.version} images={images} />
          </section>
        ) : (
        <section className="presenter__prompt" aria-labelledby="presenter-prompt">
          <h2 id="presenter-prompt" className="visually-hidden">
            {t('presenter.theQuestion')}
          </h2>
          <p className="presenter__prompt-text" dir="auto">
            {control.prompt === DEFAULT_PROMPT ? t('presenter.defaultPrompt') : control.prompt}
          </p>
          <div className="presenter__under">
            <Timer client={client} size="screen" />
            <p className="presenter__count" aria-live="polite">
                {countsLine(board.notes.size, control.sealedCount, control.pendingAnonymous, words)}
            </p>
          </div>
          {control.locked && <p className="presenter__paused">{t('presenter.paused')}</p>}
          {control.voting.open && !control.voting.totals && !markers && <p className="presenter__voting">{t('presenter.votingOpen')}</p>}
            {control.groups.length > 0 && showQuestion && !markers && (
            <section className="presenter__groups" aria-labelledby="presenter-groups">
              <h2 id="presenter-groups">{roundLine ? t('presenter.groupsInRound', { round: roundLine.toLocaleLowerCase(activeLanguage().code) }) : t('presenter.groups')}</h2>
              <ul className="presenter__group-list">
                {control.groups.map((g) => {
                  const area = g.areaId ? board.areas.get(g.areaId) : undefined;
                  return (
                    <li key={g.id} style={area ? { borderInlineStartColor: AREA_COLORS[area.color] } : undefined}>
                      <span className="presenter__group-name">{g.label}</span>
                      {area ? <span dir="auto">{area.title}</span> : peopleWord(g.members.length)}
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
            {showQuestion && <StepResultsSection results={results} roundTitle={roundTitle} version={board.version} images={images} />}
            </section>
          )}
        {view !== 'notes' && (
        <aside className="presenter__join">{info && <JoinPanel joinCode={info.joinCode} joinLink={info.links.join} compact={showBoard} />}</aside>
        )}
        {showBoard && (
          <div className="presenter__board">
            <div className="canvas-fill">
              <CanvasBoundary>
                <Suspense fallback={<p className="presenter__board-empty">{t('presenter.loadingBoard')}</p>}>
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

/** The step's results under the question: markers, votes, the word cloud or an area's notes. */
function StepResultsSection({ results, roundTitle, version, images }: { results: StepResults; roundTitle: string; version: number; images: NoteImages | undefined }) {
  if (!results) return null;
  switch (results.kind) {
    case 'markers':
      return (
        <section className="presenter__markers" aria-labelledby="presenter-markers">
          <h2 id="presenter-markers" dir="auto">
            {results.open ? roundTitle || t('presenter.markers') : t('presenter.wherePeoplePlaced')}
          </h2>
          {results.open && <p className="presenter__voting">{t('presenter.placeMarkerOnPhone')}</p>}
          {results.chart.rounds.length > 0 && <MarkerChartTable chart={results.chart} caption={t('presenter.markerChartCaption')} />}
        </section>
      );
    case 'votes':
      return (
        <section className="presenter__top" aria-labelledby="presenter-top">
          <h2 id="presenter-top">{results.words ? t('presenter.votesForEachWord') : t('presenter.mostVotes')}</h2>
          <VoteBars bars={results.bars} headingId="presenter-top" />
        </section>
      );
    case 'words':
      return (
        <section className="presenter__words" aria-labelledby="presenter-words">
          <h2 id="presenter-words">{t('presenter.everyonesWords')}</h2>
          <WordCloud words={results.cloud} />
        </section>
      );
    case 'notes':
      return (
        <section className="presenter__area-notes" aria-labelledby="presenter-area-notes">
          <h2 id="presenter-area-notes" className="visually-hidden">
            {t('presenter.theNotes')}
          </h2>
          <NotesByArea groups={results.groups} prompts={results.prompts} version={version} images={images} />
        </section>
      );
  }
}
