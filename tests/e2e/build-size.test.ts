import { gzipSync, constants } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  PHONE_BUDGET,
  PHONE_WITH_PARTS_CEILING,
  firstLoadText,
  measure,
} from '../../scripts/measure-bundle.mjs';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoom } from '../helpers/server.ts';
import { assertBuilt, DIST } from '../helpers/wire.ts';

// Measures the production build in client/dist. A browser test, like every test that needs the
// build: `npm test` builds before vitest runs, and without a build every test here fails and says
// to run `npm run build` (it never skips).
// First load = entry chunk + its static imports + the view's lazy chunk + its static imports,
// counted as the bytes the server sends a browser that accepts brotli (the build's .br copies),
// with gzip -9 beside it (scripts/measure-bundle.mjs; `npm run bench:size` prints the same).
// The browser tests check in Chromium, through the real server, that this is every JavaScript
// file a phone really fetches, byte for byte as it comes over the wire.
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const gzip = (body: Buffer) => gzipSync(body, { level: constants.Z_BEST_COMPRESSION }).length;

describe('the phone first load', () => {
  test('is within the 100 kB target over the wire (DESIGN.md 6), and carries no Konva', () => {
    assertBuilt();
    const result = measure(DIST);
    const phone = result.views.participant!;
    const facilitator = result.views.facilitator!;
    console.log(
      `first load, brotli as sent (gzip -9): phone ${kb(phone.wire)} (${kb(phone.gzip)}; target ${kb(PHONE_BUDGET)}), ` +
        `with every part a script can prefetch ${kb(phone.withParts!.wire)} (${kb(phone.withParts!.gzip)}; ceiling ${kb(PHONE_WITH_PARTS_CEILING)}), ` +
        `facilitator ${kb(facilitator.wire)} (${kb(facilitator.gzip)})`,
    );
    // Every first-load chunk has its brotli copy: a missing one would be sent whole.
    for (const c of [...phone.chunks, ...phone.withParts!.parts]) expect(c.wire, `${c.file} has no smaller .br copy`).toBeLessThan(c.raw);
    expect(phone.wire, `phone first load ${kb(phone.wire)} br is over ${kb(PHONE_BUDGET)}`).toBeLessThanOrEqual(PHONE_BUDGET);
    expect(phone.withParts!.wire, `phone first load with prefetched parts ${kb(phone.withParts!.wire)} br`).toBeLessThanOrEqual(
      PHONE_WITH_PARTS_CEILING,
    );
    const text = firstLoadText(DIST, result, 'participant');
    expect(text.includes('Konva'), 'Konva code is in the phone first load').toBe(false);
    // The QR code library and the facilitator's code are not the phone's either.
    expect(phone.chunks.some((c) => /Facilitator|BoardCanvas|browser-/.test(c.file))).toBe(false);
    expect(phone.withParts!.parts.some((c) => /Facilitator|BoardCanvas|browser-|WholeBoard/.test(c.file))).toBe(false);
    expect(phone.withParts!.unlisted, 'lazy parts of the phone view missing from PHONE_PARTS in scripts/measure-bundle.mjs').toEqual([]);
  });

  test('the join and home pages do not fetch the live room (vite.config.ts LIVE_ROOM)', () => {
    assertBuilt();
    const result = measure(DIST);
    for (const view of ['join', 'home']) {
      // yjs prints this when loaded twice; the string is in its code, so in whichever chunk carries it.
      expect(firstLoadText(DIST, result, view).includes('Yjs was already imported'), `Yjs is in the ${view} page's first load`).toBe(false);
    }
  });
});

/**
 * The honest count: a phone (390x844) opens a room and shows its first screen, and we record every
 * JavaScript file it fetches on its own, including what it prefetches once idle, until it has been
 * quiet for a while. That set must be exactly what scripts/measure-bundle.mjs counts.
 */
describe('what a phone really fetches', () => {
  const server = useServer({ serveClient: true });
  const chromium = useBrowser();

  interface Fetched {
    file: string;
    /** Body bytes as they came over the wire (brotli, as the server sent them). */
    wire: number;
    encoding: string | undefined;
    /** The decoded body gzipped at level 9, to report beside it. */
    gzip: number;
    phase: 'first screen' | 'idle';
  }

  /** Joins `template`'s room on a fresh phone, then opens the room page cold and records its JS. */
  async function phoneFetches(template?: string): Promise<{ journey: Fetched[]; room: Fetched[] }> {
    assertBuilt();
    const base = server.url;
    const created = await createRoom(base, { title: 'Measuring the phone', ...(template ? { template } : {}) });
    expect(created.status).toBe(201);
    // What goes over the wire on a phone's first visit: no service worker yet. (Once one has
    // installed, the room page's files come from its precache, and nothing is fetched.)
    const context = await chromium.phone({ serviceWorkers: 'block' });
    try {
      // Counted once each request has finished, when its encoded size is known.
      const recording: Promise<void>[] = [];
      const record = (page: Page, into: Fetched[], phase: () => Fetched['phase']) =>
        page.on('requestfinished', (request) => {
          const url = new URL(request.url());
          if (!url.pathname.endsWith('.js')) return;
          const at = phase();
          recording.push(
            (async () => {
            const response = (await request.response())!;
            const [sizes, body] = await Promise.all([request.sizes(), response.body()]);
            const encoding = response.headers()['content-encoding'];
            into.push({ file: url.pathname.replace(/^\//, ''), wire: sizes.responseBodySize, encoding, gzip: gzip(body), phase: at });
            })(),
          );
        });
      // The page says when the parts it prefetches once idle have all arrived (client/src/ui/lazyPart.tsx).
      const prefetched = async (page: Page) => {
        await page.waitForFunction(() => document.documentElement.dataset.partsPrefetch === 'idle', undefined, { timeout: 20_000 });
        await Promise.all(recording);
      };
      const firstScreen = async (page: Page) => {
        // The step's own first screen: the note form, the card, or why there is no form now
        // (World Cafe opens with a talking step).
        await page
          .getByLabel('Your note')
          .or(page.getByRole('button', { name: /Share (my|your) card/i }))
          .or(page.getByText(/No (new )?notes for now|The facilitator is writing the notes/))
          .first()
          .waitFor({ timeout: 20_000 });
        await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 20_000 });
      };

      // The journey a person makes: the QR code's link, "Join", the room.
      const journey: Fetched[] = [];
      let phase: Fetched['phase'] = 'first screen';
      const joining = await context.newPage();
      record(joining, journey, () => phase);
      await joining.goto(`${base}/join/${created.body.joinCode}`);
      await joining.getByRole('button', { name: /^Join/ }).click();
      await joining.waitForURL(/\/room\/[^/]+$/);
      await firstScreen(joining);
      phase = 'idle';
      // lazyPart prefetches 1 s after load, when idle (at most 4 s later).
      await prefetched(joining);
      const roomUrl = joining.url();
      await joining.close();

      // The room page opened cold (a reload, or the next day): no HTTP cache, the session is kept.
      const room: Fetched[] = [];
      let roomPhase: Fetched['phase'] = 'first screen';
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      record(page, room, () => roomPhase);
      await page.goto(roomUrl);
      await firstScreen(page);
      roomPhase = 'idle';
      await prefetched(page);
      return { journey, room };
    } finally {
      await context.close();
    }
  }

  const files = (list: { file: string }[]) => [...new Set(list.map((f) => f.file))].sort();
  const total = (list: { wire: number }[]) => list.reduce((sum, f) => sum + f.wire, 0);
  const totalGzip = (list: { gzip: number }[]) => list.reduce((sum, f) => sum + f.gzip, 0);

  test('a plain room: the phone fetches exactly the measured first load, then only what every phone loads after it', { timeout: 90_000 }, async () => {
    const result = measure(DIST);
    const phone = result.views.participant!;
    const join = result.views.join!;
    // The read-aloud buttons (this Chromium can speak) and the server's error words (PHONE_AFTER_PAINT).
    const afterPaint = phone.withParts!.afterPaint;
    expect(afterPaint.length).toBeGreaterThan(0);
    const { journey, room } = await phoneFetches();
    console.log(
      `phone in a plain room, JavaScript over the wire (gzip -9 beside it): room page ${kb(total(room))} (${kb(totalGzip(room))}) ` +
        `(${kb(total(room.filter((f) => f.phase === 'idle')))} of it once idle); ` +
        `join link → room ${kb(total(journey))} (${kb(totalGzip(journey))}); measured first load ${kb(phone.wire)} (${kb(phone.gzip)})`,
    );
    // Each file came as the build's brotli copy, and its bytes are the ones measured.
    for (const f of [...room, ...journey]) expect(f.encoding, `${f.file} Content-Encoding`).toBe('br');
    // None of them before the first screen: what it shows needs the first load alone.
    const later = new Set(afterPaint.map((c) => c.file));
    expect(files(room.filter((f) => f.phase === 'first screen')).filter((f) => !later.has(f))).toEqual(files(phone.chunks));
    expect(files(room)).toEqual(files([...phone.chunks, ...afterPaint]));
    expect(total(room)).toBe(phone.wire + total(afterPaint));
    expect(totalGzip(room)).toBe(phone.gzip + totalGzip(afterPaint));
    // Coming in through the join page adds only the join page's own chunks (it has loaded `errors` itself).
    const union = new Map([...join.chunks, ...phone.chunks, ...afterPaint].map((c) => [c.file, c.wire]));
    expect(files(journey)).toEqual([...union.keys()].sort());
    expect(total(journey)).toBe([...union.values()].reduce((a, b) => a + b, 0));
  });

  test('a room whose script has groups and tables: the parts it prefetches are within `withParts`', { timeout: 90_000 }, async () => {
    const result = measure(DIST);
    const phone = result.views.participant!;
    const { room } = await phoneFetches('world-cafe');
    const idle = room.filter((f) => f.phase === 'idle');
    console.log(`phone in a World Cafe room: ${kb(total(room))} fetched, ${kb(total(idle))} of it prefetched once idle (${files(idle).join(', ')})`);
    const allowed = new Set([...phone.chunks, ...phone.withParts!.parts].map((c) => c.file));
    for (const file of files(room)) expect(allowed.has(file), `${file} is not counted by measure-bundle`).toBe(true);
    for (const file of files(phone.chunks)) expect(files(room)).toContain(file);
    expect(total(room)).toBeLessThanOrEqual(phone.withParts!.wire);
    // The whole board (canvas, list) waits for a tap.
    expect(files(room).some((f) => /WholeBoard|BoardCanvas|AccessibleBoard/.test(f))).toBe(false);
  });
});
