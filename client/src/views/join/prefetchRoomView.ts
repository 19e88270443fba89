import { withMessages } from '../../i18n/i18n.ts';

/** Where the build names the room view's files (scripts/viteRoomViewFiles.ts writes it into index.html). */
const ROOM_VIEW_META = 'meta[name="tributary-room-view"]';

/**
 * Fetches the room view (ParticipantView, Yjs, the sync layer, what it loads at open: about 45 kB)
 * while the join page is on screen, so "Join" opens the room without then waiting for its code.
 * Fetched, not run: `<link rel="modulepreload">` puts each file in the page's module map, where
 * the room view's own `import()` (the tap, main.tsx's route) finds it, and its code runs only
 * then, while the join request is on its way. Running it now would hold up the page under a
 * person about to tap. At low priority, and only once this page's own code is running, so it
 * never competes with the join page's first load (its words come with the page: the server's
 * `Link` header, server/src/routes/pagePreload.ts). Its words too, which are small to run: the
 * namespaces main.tsx's route loads with it, and `errors`, which this page shows only after a
 * refused join and the room view loads once idle. A failed fetch is let go: the room view asks
 * again when it opens. Nothing in `npm run dev`, whose index.html names no files.
 */
export function prefetchRoomView(): void {
  const files = document.querySelector<HTMLMetaElement>(ROOM_VIEW_META)?.content.split(' ').filter(Boolean) ?? [];
  for (const file of files) {
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
    document.head.append(link);
  }
  void withMessages(Promise.resolve(), 'phone', 'room', 'errors').catch(() => undefined);
}
