import { useSyncExternalStore, type MouseEvent } from 'react';
import { loadAfreshIfUpdated, screenChanged } from './serviceWorker.ts';

/**
 * The app's whole router: the current path as a store, and `navigate` to change it.
 * No router library: there are five routes, and the phone view pays for every byte.
 */
const NAVIGATE_EVENT = 'tributary:navigate';

function subscribe(listener: () => void): () => void {
  globalThis.addEventListener('popstate', listener);
  globalThis.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    globalThis.removeEventListener('popstate', listener);
    globalThis.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const getPath = (): string => globalThis.location.pathname;

export function usePath(): string {
  return useSyncExternalStore(subscribe, getPath, getPath);
}

/**
 * Goes to a path inside the app without reloading the page, unless a new version of the app is
 * waiting: moving between screens is when it takes over (ui/serviceWorker.ts), with a full load.
 */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (loadAfreshIfUpdated(path, Boolean(options.replace))) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  globalThis.scrollTo?.(0, 0);
  globalThis.dispatchEvent(new Event(NAVIGATE_EVENT));
  screenChanged(path);
}

/** Props for a plain link that navigates inside the app (and still works as a real link). */
export function linkProps(path: string): { href: string; onClick: (event: MouseEvent<HTMLAnchorElement>) => void } {
  return {
    href: path,
    onClick: (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(path);
    },
  };
}

/** Sets the tab's title, so people with many tabs (and screen readers) know where they are. */
export function setPageTitle(title: string): void {
  document.title = title ? `${title} · Tributary` : 'Tributary';
}
