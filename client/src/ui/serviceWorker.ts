/// <reference types="vite/client" />
/**
 * The service worker's registration and the rule for when a new version takes over. Part of every
 * first load, so it stays tiny (no workbox-window). The worker itself is built by vite.config.ts.
 *
 * A new version never reloads a page under someone (docs/ARCHITECTURE.md, "Offline and updates"):
 * it installs in the background and waits. It takes over only when a page is loading afresh:
 * - when the app moves to another screen (`navigate`), which becomes a full load of that screen;
 * - between steps of a session (`updateBetweenSteps`), unless the person is in a text field;
 * - when a page starts (a reload) while a new version waits, before anyone can have typed;
 * - or, as browsers do by themselves, once every tab of the app has closed.
 * Until then the old worker keeps its precache, so the old page can still load every part it needs.
 */
const workers = (): ServiceWorkerContainer | undefined => globalThis.navigator?.serviceWorker;

/** Set once a new version took over under this page (never on a first install: no clientsClaim). */
let replaced = false;
let registration: ServiceWorkerRegistration | undefined;

/** Asks a waiting worker to take over, then loads the page afresh with it. */
function handOver(waiting: ServiceWorker, go: () => void): void {
  workers()?.addEventListener('controllerchange', go, { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

export function startServiceWorker(): void {
  const container = workers();
  if (!container) return;
  if (!import.meta.env.PROD) {
    // `npm run dev` has no worker: drop one a production build left on this origin.
    void container.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
    return;
  }
  container.addEventListener('controllerchange', () => (replaced = true));
  // A page starting (a reload) while a new version waits: hand over now, before anyone can type.
  void container.getRegistration().then((found) => {
    registration = found;
    if (found?.waiting && container.controller) handOver(found.waiting, () => location.reload());
  });
  const register = () => void container.register('/sw.js').then((r) => (registration = r), () => {});
  // After the first screen: precaching must not compete with it on a slow connection. On the join
  // page, after the room is open (`liveRoomOpened`): the worker downloads the whole phone app
  // (about 130 kB), which on slow 4G would share the link with joining and the room's code, and
  // nothing on the join page needs to open offline before someone has joined.
  if (isJoinPage(location.pathname)) registerLater = () => whenIdle(() => afterLoad(register));
  else afterLoad(register);
}

/** Registers the worker, held back on the join page until the person has moved on. */
let registerLater: (() => void) | null = null;

const isJoinPage = (path: string): boolean => path === '/join' || path.startsWith('/join/');
/** A participant's room: it says itself when it is open (`liveRoomOpened`). */
const isRoomPage = (path: string): boolean => /^\/room\/[^/]+$/.test(path);

function afterLoad(then: () => void): void {
  if (document.readyState === 'complete') then();
  else addEventListener('load', then, { once: true });
}

/** Once the new screen has drawn and the page has a moment (or 5 s at most, on a busy phone). */
function whenIdle(then: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(then, { timeout: 5000 });
  else setTimeout(then, 1000);
}

/**
 * Called by `navigate` after the app moved to `path`: leaving the join page for anywhere but the
 * room (which calls `liveRoomOpened` once its code has arrived) lets the held-back worker register.
 */
export function screenChanged(path: string): void {
  if (!isJoinPage(path) && !isRoomPage(path)) releaseHeldWorker();
}

/** Called by the phone's room once its live room (Yjs, the connections) has loaded. */
export function liveRoomOpened(): void {
  releaseHeldWorker();
}

function releaseHeldWorker(): void {
  const register = registerLater;
  registerLater = null;
  register?.();
}

/**
 * Called by `navigate` before moving to another screen: when a new version waits or already took
 * over, the move is a full page load with the new version, and true is returned.
 */
export function loadAfreshIfUpdated(path: string, replace: boolean): boolean {
  const go = () => (replace ? location.replace(path) : location.assign(path));
  if (replaced) {
    go();
    return true;
  }
  const waiting = registration?.waiting;
  if (!waiting || !workers()?.controller) return false;
  handOver(waiting, go);
  // Moving on all the same if the new version never takes over (it failed): the old one still serves.
  setTimeout(go, 3000);
  return true;
}

/**
 * The room moved to another step: a natural break, when the screen changes anyway. A waiting new
 * version takes over with a fresh load of this screen, unless the person is in a field (typing):
 * then it waits for the next break. Drafts are kept on the phone, so a half-written note survives.
 */
export function updateBetweenSteps(): void {
  if (!document.activeElement?.closest('input, textarea, select, [contenteditable]')) loadAfreshIfUpdated(location.pathname, true);
}
