import { beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createArea } from '@tributary/shared/board/mutations';
import { connectDoc, waitFor } from '../helpers/clients.ts';
import { createRoom, join, request } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { presenterContext, shoot } from '../helpers/workshop.ts';

/**
 * The projector's "All notes": a readable board, not the zoomed-out drawing. With 60 notes of
 * everyday length on 1920x1080, every note's whole text is on the screen at once, grouped by
 * area, and no text is smaller than 20 px (readable from the back of a room). The notes are put
 * there through the API: what is measured here is the projector, not how the notes were written.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

/** Notes of the lengths people write on sticky notes: a word to a couple of sentences. */
const TEXTS = [
  'Time',
  'Being listened to',
  'Staff who remember my name',
  'Meetings at times that work for people with appointments',
  'Paying people for their time, on the day, in cash if they want',
  'Jargon',
  'Somewhere quiet to step out to',
  'Feedback on what happened to our ideas, not just thank you',
  'Travel costs paid up front',
  'Co-production from the start, not at the end when it is all decided',
];

test('60 notes on the projector: all on screen at once, grouped by area, none under 20 px', async () => {
  const created = await createRoom(server.url, { title: 'Readable board' });
  expect(created.status).toBe(201);
  const room = created.body;
  const link = await request(server.url, 'POST', `/api/rooms/${room.roomId}/presenter-link`, { token: room.facilitatorToken });
  const page = await (await presenterContext(browser)).newPage();
  try {
    await page.goto(link.body.presenter);
    // Six people write ten notes each, spread over the tables.
    const doc = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    await doc.synced;
    const titles = ['What works', 'What gets in the way', 'What would help', 'Anything else'];
    const areaIds = titles.map((title, i) => createArea(doc.doc, { title, rect: { x: i * 1100, y: 0, w: 1000, h: 1200 } }));
    await waitFor(() => areaIds.every((id) => doc.doc.getMap('areas').has(id)), 5000, 'areas made');
    await page.getByRole('button', { name: 'Show board' }).waitFor();
    for (let p = 0; p < 6; p++) {
      const joined = await join(server.url, room.joinCode, `Person ${p + 1}`);
      const token = (joined.body as unknown as { participantToken: string }).participantToken;
      for (let n = 0; n < 10; n++) {
        const posted = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text: TEXTS[(p + n) % TEXTS.length]!, areaId: areaIds[(p + n) % areaIds.length] } });
        expect(posted.status, posted.text).toBe(201);
      }
    }
    doc.destroy();
    await page.getByRole('button', { name: 'All notes' }).click();
    await expect.poll(() => page.locator('.result-note').count(), { timeout: 15_000 }).toBe(60);
    const measured = await page.locator('.notes-by-area').evaluate((box) => {
      const view = { w: window.innerWidth, h: window.innerHeight };
      const notes = [...box.querySelectorAll('.result-note')].map((el) => el.getBoundingClientRect());
      const sizes = [...box.querySelectorAll('.result-note__text, .notes-by-area__title')].map((el) => parseFloat(getComputedStyle(el).fontSize));
      return {
        fitPx: Number((box as HTMLElement).dataset.fitPx),
        smallest: Math.min(...sizes),
        overflows: box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1,
        offScreen: notes.filter((r) => r.left < 0 || r.top < 0 || r.right > view.w + 0.5 || r.bottom > view.h + 0.5).length,
      };
    });
    console.log(`60 notes on 1920x1080: note text ${measured.fitPx} px`);
    expect(measured.smallest).toBeGreaterThanOrEqual(20);
    expect(measured.overflows).toBe(false);
    expect(measured.offScreen).toBe(0);
    await shoot(page, 'presenter-all-notes-60-1920');
  } finally {
    await page.context().close();
  }
});
