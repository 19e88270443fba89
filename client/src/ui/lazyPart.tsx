import { t, withMessages } from '../i18n/i18n.ts';
import { Component, Suspense, createElement, lazy, useState, type ComponentType, type ReactNode } from 'react';
import { Button } from './Button.tsx';

/**
 * A part of a view that only some steps need (voting, cards, markers, the whole board…), split
 * into its own chunk so it is not part of the phone's first load (budget: 100 kB gzipped, see
 * tests/client/build-size.test.ts).
 *
 * - It renders in place with its own Suspense boundary, so the rest of the view stays on screen
 *   while it arrives (nothing is shown for that moment, as if the step had not started yet).
 * - `prefetch()` fetches it in the background once the first load is done and the browser is idle.
 *   The view calls it only for the parts its room's script can use (a room with no voting step
 *   never downloads the voting part unless voting starts), so it is ready and cached before a step
 *   needs it, including if the signal drops later. Whatever is prefetched counts as part of the
 *   phone's first load in tests/client/build-size.test.ts: it is fetched without anyone asking.
 * - If it cannot load (lost signal), a short message with "Try again" replaces it.
 */
export type LazyPart<P extends object> = ComponentType<P> & { prefetch(): void };

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchPart = () => {
    pending ??= load().catch((error: unknown) => {
      pending = null; // a later attempt may succeed
      throw error;
    });
    return pending;
  };
  const make = () => lazy(() => fetchPart().then((part) => ({ default: part })));

  // One lazy component for every mount (so a part shown again renders at once); a new one only
  // after a failure, so "Try again" really loads again.
  let Part = make();
  function LazyPart(props: P) {
    const [, setAttempt] = useState(0);
    return (
      <PartBoundary
        onRetry={() => {
          Part = make();
          setAttempt((n) => n + 1);
        }}
      >
        <Suspense fallback={null}>{createElement(Part as unknown as ComponentType<P>, props)}</Suspense>
      </PartBoundary>
    );
  }
  let prefetched = false;
  return Object.assign(LazyPart, {
    prefetch() {
      if (prefetched) return;
      prefetched = true;
      prefetchWhenIdle(() =>
        fetchPart().then(
          () => undefined,
          () => void (prefetched = false),
        ),
      );
    },
  });
}

class PartBoundary extends Component<{ onRetry: () => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="lazy-part-failed" role="status">
        <p>{t('common.partCouldNotLoad')}</p>
        <Button
          variant="secondary"
          onClick={() => {
            this.setState({ failed: false });
            this.props.onRetry();
          }}
        >
          {t('common.tryAgain')}
        </Button>
      </div>
    );
  }
}

const waiting: (() => Promise<void>)[] = [];
let scheduled = false;
/** Prefetches asked for and not yet arrived (or failed). */
let unsettled = 0;

/**
 * Says on the page whether background prefetching is going on: `data-parts-prefetch` on <html>
 * is "busy" from the moment a part is asked for until every part asked for has arrived (or
 * failed), then "idle". The phone's build-size test waits for "idle" instead of a fixed time.
 */
function showPrefetching(): void {
  document.documentElement.dataset.partsPrefetch = unsettled > 0 ? 'busy' : 'idle';
}

/**
 * Message namespaces a view needs only after its first screen (the phone's `errors`: words for
 * replies to what the person does), fetched as parts are: once the page is idle.
 */
export function prefetchMessages(...namespaces: string[]): void {
  prefetchWhenIdle(() => withMessages(Promise.resolve(), ...namespaces).then(
    () => undefined,
    () => undefined,
  ));
}

/**
 * Runs `task` after the page has loaded and the main thread is idle. Tasks asked for together
 * share one idle callback; a task asked for later (the script changed) gets the next one.
 */
function prefetchWhenIdle(task: () => Promise<void>) {
  if (typeof window === 'undefined') return;
  unsettled++;
  showPrefetching();
  waiting.push(task);
  if (scheduled) return;
  scheduled = true;
  const run = () => {
    scheduled = false;
    for (const next of waiting.splice(0)) {
      void next().finally(() => {
        unsettled--;
        showPrefetching();
      });
    }
  };
  const idle = () =>
    typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(run, { timeout: 4000 }) : window.setTimeout(run, 1500);
  if (document.readyState === 'complete') window.setTimeout(idle, 1000);
  else window.addEventListener('load', () => window.setTimeout(idle, 1000), { once: true });
}

/**
 * Called by a view once it has asked for its parts: one more idle round, even when it asked for
 * none, after which the page says "idle" (see `showPrefetching`).
 */
export function prefetchAsked(): void {
  prefetchWhenIdle(() => Promise.resolve());
}
