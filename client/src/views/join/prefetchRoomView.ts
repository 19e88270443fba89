import { withMessages } from '../../i18n/i18n.ts';

/** `<meta name>`s where the build names the room view's files (scripts/viteRoomViewFiles.ts writes them into index.html). */
const FIRST_SCREEN = 'tributary-room-view';
const AFTER_FIRST_SCREEN = 'tributary-room-view-later';

function filesNamedIn(name: string): string[] {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.split(' ').filter(Boolean) ?? [];
}

/** Fetches `files` without running them; resolves once each has arrived or failed. */
function preload(files: readonly string[]): Promise<void> {
  const arrivals = files.map(
    (file) =>
      new Promise<void>((settled) => {
        const link = document.createElement('link');
        if (file.endsWith('.css')) {
          link.rel = 'preload';
          link.as = 'style';
        } else {
          link.rel = 'modulepreload';
        }
        // As module scripts and Vite's preload helper ask for them, so each file is fetched once.
        link.crossOrigin = '';
        link.fetchPriority = 'low';
        link.href = file;
        link.onload = link.onerror = () => settled();
        document.head.append(link);
      }),
  );
  return Promise.all(arrivals).then(() => undefined);
}

/**
 * Fetches the room view (ParticipantView, Yjs, the sync layer: about 45 kB) while the join page is
 * on screen, so "Join" opens the room without then waiting for its code. Fetched, not run:
 * `<link rel="modulepreload">` puts each file in the page's module map, where the room view's own
 * `import()` (the tap, main.tsx's route) finds it, and its code runs only then, while the join
 * request is on its way. Running it now would hold up the page under a person about to tap.
 * At low priority, and only once this page's own code is running, so it never competes with the
 * join page's first load (its words come with the page: the server's `Link` header,
 * server/src/routes/pagePreload.ts). First what the room's first screen (the note box) needs, with
 * its words (the namespaces main.tsx's route loads with it); once that has arrived, the live room
 * and what the room loads after its first screen, and `errors`, which this page shows only after
 * a refused join. A failed
 * fetch is let go: the room view asks again when it opens. Nothing in `npm run dev`, whose
 * index.html names no files.
 */
export function prefetchRoomView(): void {
  const firstScreen = preload(filesNamedIn(FIRST_SCREEN));
  void withMessages(Promise.resolve(), 'phone', 'room').catch(() => undefined);
  void firstScreen.then(() => Promise.all([preload(filesNamedIn(AFTER_FIRST_SCREEN)), withMessages(Promise.resolve(), 'errors')])).catch(() => undefined);
}
