import { describe, expect, test } from 'vitest';
import { openPhone } from '../../bench/phone/measure.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * Issue 17, the phone's path from a join link to typing: the join page's code and words are fetched
 * with the entry script (the page's Link header), the room's code while the join page is on screen
 * (once the entry script has arrived, never competing with it, and not run until Join), and the
 * server's clock is read once.
 */
describe('the phone path from join link to note box', () => {
  const server = useServer({ serveClient: true });
  const chromium = useBrowser();

  test('the join page fetches the room view without running it; Join then opens it without fetching it again', async () => {
    const room = await server.room('Phone path');
    const phone = await openPhone(await chromium.browser());
    try {
      const page = await phone.newPage();
      const scripts: string[] = [];
      const times: string[] = [];
      page.on('request', (request) => {
        const file = new URL(request.url()).pathname;
        if (file.endsWith('.js')) scripts.push(file);
        if (file === '/api/time') times.push(file);
      });
      const roomView = page.waitForResponse((response) => /\/assets\/ParticipantView-[\w-]+\.js$/.test(response.url()), { timeout: 20_000 });
      await page.goto(`${server.url}/join/${room.joinCode}`);
      const join = page.getByRole('button', { name: /^Join/ });
      await join.waitFor();
      // Nobody has tapped anything: the join page asks for the room view by itself, and gets
      // every file the build names for it (views/join/prefetchRoomView.ts).
      await roomView;
      await page.waitForFunction(() => {
        const named = [...document.querySelectorAll<HTMLMetaElement>('meta[name^="tributary-room-view"]')].flatMap((m) => m.content.split(' ').filter(Boolean));
        const arrived = new Set(performance.getEntriesByType('resource').filter((e) => (e as PerformanceResourceTiming).responseEnd > 0).map((e) => new URL(e.name).pathname));
        return named.length > 0 && named.every((file) => arrived.has(file));
      });

      const timing = (await page.evaluate(`(() => {
        const entries = performance.getEntriesByType('resource');
        const find = (re) => entries.find((e) => re.test(e.name));
        return {
          joinView: find(/\\/assets\\/JoinView-[\\w-]+\\.js$/).startTime,
          joinWords: find(/\\/assets\\/join-[\\w-]+\\.js$/).startTime,
          entryDone: find(/\\/assets\\/index-[\\w-]+\\.js$/).responseEnd,
          roomView: find(/\\/assets\\/ParticipantView-[\\w-]+\\.js$/).startTime,
          // Yjs marks the page when its code runs (yjs.mjs, importIdentifier).
          yjsRan: globalThis['__ $YJS$ __'] === true,
        };
      })()`)) as { joinView: number; joinWords: number; entryDone: number; roomView: number; yjsRan: boolean };
      // The join view's code and words were asked for before the entry script had even arrived…
      expect(timing.joinView).toBeLessThan(timing.entryDone);
      expect(timing.joinWords).toBeLessThan(timing.entryDone);
      // …and the room's only after it: fetched, but not run while the join page waits for a tap.
      expect(timing.roomView).toBeGreaterThanOrEqual(timing.entryDone);
      expect(timing.yjsRan).toBe(false);

      const fetchedBeforeJoin = scripts.length;
      await join.tap();
      const noteBox = page.locator('textarea.composer__text');
      await noteBox.tap();
      await page.keyboard.type('Hello');
      await expect.poll(() => noteBox.inputValue()).toBe('Hello');
      await page.getByText('Connected', { exact: true }).first().waitFor();
      // Everything the room needed came with the join page's prefetch.
      expect(scripts.slice(fetchedBeforeJoin)).toEqual([]);
      expect(new Set(scripts).size).toBe(scripts.length);
      // One reading of the server's clock for the page.
      expect(times).toEqual(['/api/time']);
    } finally {
      await phone.close();
    }
  });
});
