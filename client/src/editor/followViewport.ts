import type { PresenceState } from '../sync/presenceState.ts';
import type { Store } from '../sync/store.ts';
import { viewportCenter, type Camera, type Size } from './camera.ts';
import { Throttle } from './throttle.ts';

export type SharedViewport = NonNullable<PresenceState['viewport']>;

/** About five updates a second: smooth enough to follow, light on everyone's connection. */
export const VIEWPORT_INTERVAL_MS = 200;

/** The board point at the middle of the screen and the zoom: what people who follow need. */
export function viewportOf(camera: Camera, size: Size): SharedViewport {
  const center = viewportCenter(camera, size);
  return { x: Math.round(center.x), y: Math.round(center.y), zoom: Math.round(camera.zoom * 1000) / 1000 };
}

function same(a: SharedViewport | null, b: SharedViewport): boolean {
  return a !== null && a.x === b.x && a.y === b.y && a.zoom === b.zoom;
}

/**
 * "Bring everyone here": while started, publishes the facilitator's view (centre and zoom) as
 * presence `viewport`, throttled; stopping clears it so nobody follows a stale view.
 */
export function shareViewport(
  source: { camera: Store<Camera>; viewport: Store<Size> },
  setPresence: (partial: Pick<PresenceState, 'viewport'>) => void,
  interval = VIEWPORT_INTERVAL_MS,
): () => void {
  let last: SharedViewport | null = null;
  const throttle = new Throttle<SharedViewport>((viewport) => setPresence({ viewport }), interval);
  const update = () => {
    const size = source.viewport.get();
    if (size.width === 0 || size.height === 0) return;
    const next = viewportOf(source.camera.get(), size);
    if (same(last, next)) return;
    last = next;
    throttle.push(next);
  };
  const offCamera = source.camera.subscribe(update);
  const offSize = source.viewport.subscribe(update);
  update();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    offCamera();
    offSize();
    throttle.cancel();
    setPresence({ viewport: null });
  };
}
