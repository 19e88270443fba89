import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { usePath } from './ui/navigation.ts';
import { Loading } from './ui/Loading.tsx';
// Larger text and high contrast, if this device chose them, before the first view paints.
import './ui/displaySettings.ts';
import './styles.css';

// Every view is its own chunk: a phone opening a join link never downloads the facilitator's
// canvas (Konva) or editor. Keep this file tiny: it is part of every first load.
const HomeView = lazy(() => import('./views/home/HomeView.tsx'));
const JoinView = lazy(() => import('./views/join/JoinView.tsx'));
const ParticipantView = lazy(() => import('./views/participant/ParticipantView.tsx'));
const FacilitatorGate = lazy(() => import('./ui/FacilitatorGate.tsx'));
const FacilitatorView = lazy(() => import('./views/facilitator/FacilitatorView.tsx'));
const PresenterView = lazy(() => import('./views/presenter/PresenterView.tsx'));
const PrintView = lazy(() => import('./views/print/loadPrintView.ts').then((m) => m.loadPrintView()));
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
  return <ErrorScreen title="We couldn't find this page" message="The link may be wrong or out of date." />;
}

function App() {
  const path = usePath();
  // Keyed by path so moving between rooms starts each view fresh.
  return (
    <Suspense key={path} fallback={<Loading />}>
      {route(path)}
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
