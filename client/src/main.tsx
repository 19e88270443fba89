import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { usePath } from './ui/navigation.ts';
import { Loading } from './ui/Loading.tsx';
import { startLanguage, t, useLanguage, withMessages } from './i18n/i18n.ts';
import { startServiceWorker } from './ui/serviceWorker.ts';
// The server's errors and refusals in the person's language (their messages load with each view).
import './i18n/serverWording.ts';
// Larger text and high contrast, if this device chose them, before the first view paints.
import './ui/displaySettings.ts';
import './styles.css';

// Every view is its own chunk: a phone opening a join link never downloads the facilitator's
// canvas (Konva) or editor. Keep this file tiny: it is part of every first load.
// Each view's messages (client/src/i18n/i18n.ts) load beside its code, not after it. `room`: what
// every room view shows (connection line, timer, break); `board`: the board as a list, the join
// panel, "session ended", canvas labels (the phone loads it only with those parts, as it loads
// `parts`); `errors`: the server's words for what it refused (the phone loads them once idle, the
// join page with the room view's code once on screen: none is on either's first screen, and until
// then the server's own wording shows);
// `facilitatorErrors`: those only the facilitator's, home and results pages can get
// (scripts/viteMessages.ts); `refusals` load with the recovery from a refused board change
// (sync/boardRefusal.ts).
const HomeView = lazy(() => withMessages(import('./views/home/HomeView.tsx'), 'home', 'errors', 'facilitatorErrors'));
const JoinView = lazy(() => withMessages(import('./views/join/JoinView.tsx'), 'join'));
const ParticipantView = lazy(() => withMessages(import('./views/participant/ParticipantView.tsx'), 'phone', 'room'));
const FacilitatorGate = lazy(() => withMessages(import('./ui/FacilitatorGate.tsx'), 'facilitator', 'room', 'errors', 'facilitatorErrors'));
const FacilitatorView = lazy(() => withMessages(import('./views/facilitator/FacilitatorView.tsx'), 'facilitator', 'room', 'board', 'errors', 'facilitatorErrors', 'refusals'));
const PresenterView = lazy(() => withMessages(import('./views/presenter/PresenterView.tsx'), 'presenter', 'room', 'board', 'errors'));
const PrintView = lazy(() => withMessages(import('./views/print/loadPrintView.ts').then((m) => m.loadPrintView()), 'print', 'facilitator', 'presenter', 'room', 'board', 'errors', 'facilitatorErrors'));
// The published "what we said" page: public, read once, no room connection.
const ResultsView = lazy(() => withMessages(import('./views/results/loadResultsView.ts').then((m) => m.loadResultsView()), 'results', 'print', 'presenter', 'room', 'errors', 'facilitatorErrors'));
const ErrorScreen = lazy(() => import('./ui/ErrorScreen.tsx'));

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function route(path: string) {
  const parts = path.split('/').filter(Boolean).map(decode);
  const [first, second, third, fourth] = parts;
  if (parts.length === 0) return <HomeView />;
  if (first === 'join' && parts.length <= 2) return <JoinView initialCode={second ?? ''} />;
  if (first === 'results' && second && parts.length === 2) return <ResultsView resultsToken={second} />;
  if (first === 'room' && second) {
    if (parts.length === 2) return <ParticipantView roomId={second} />;
    if (parts.length === 3 && third === 'facilitate') {
      return (
        <FacilitatorGate roomId={second}>
          {(client, info) => (
            <FacilitatorView client={client} joinCode={info?.joinCode ?? ''} joinLink={info?.links.join ?? ''} title={info?.title ?? ''} />
          )}
        </FacilitatorGate>
      );
    }
    if (parts.length === 3 && third === 'present') return <PresenterView roomId={second} />;
    // Paper: the handout to write on and the results to hand out, opened from the facilitator's panel.
    if (parts.length === 4 && third === 'facilitate' && (fourth === 'handout' || fourth === 'results')) return <PrintView roomId={second} sheet={fourth} />;
  }
  return <ErrorScreen title={t('common.pageNotFound')} message={t('common.pageNotFoundHelp')} />;
}

function App() {
  const path = usePath();
  // Re-render every view in the new language when it changes.
  useLanguage();
  // Keyed by path so moving between rooms starts each view fresh.
  return (
    <Suspense key={path} fallback={<Loading />}>
      {route(path)}
    </Suspense>
  );
}

// Opens the app with no signal after the first visit; a new version waits for the next screen.
startServiceWorker();

// The first paint is in the person's language: English is already here; another language
// fetches its few common messages first.
void startLanguage().finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
