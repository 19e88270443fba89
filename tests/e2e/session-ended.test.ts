import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { openSessionTab, shoot, startWorkshop } from '../helpers/workshop.ts';

/**
 * The end of a session (issue 16): once the facilitator deletes the room, every screen (phones,
 * the projector, the facilitator's other tabs) shows only "This session has ended" and what the
 * person may keep. Before, phones kept showing the question, the votes and a running timer.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const QUESTION = 'What would make this service feel safe?';
const MINE = 'A named worker who calls back';

async function showsOnlyTheEnd(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { name: 'This session has ended' }).count(), { timeout: 15_000 }).toBe(1);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain(QUESTION);
  expect(text).not.toMatch(/vote/i);
  expect(await page.getByRole('timer').count()).toBe(0);
  expect(text).not.toMatch(/\d+:\d\d/);
}

test('after the room is deleted, phones, the projector and the facilitator\'s other tab show only "This session has ended"', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'Safe services', names: ['Ana', 'Ben'] });
  const { facilitator, presenter } = workshop;
  const [ana, ben] = workshop.phones.map((p) => p.page) as [Page, Page];
  try {
    // The facilitator asks the question, opens voting and starts the timer, from the Now tab.
    await openSessionTab(facilitator, 'Now');
    await facilitator.getByRole('button', { name: 'Edit question' }).click();
    await facilitator.getByLabel('Question for everyone').fill(QUESTION);
    await facilitator.getByRole('button', { name: 'Save' }).click();
    await facilitator.getByRole('button', { name: 'Start' }).click();
    for (const page of [ana, ben, presenter]) await expect.poll(() => page.getByText(QUESTION).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // Ana writes a note; it is hers to keep. Ben writes nothing.
    await ana.getByLabel('Your note').fill(MINE);
    await ana.getByRole('button', { name: 'Post note' }).click();
    await expect.poll(() => facilitator.locator('[data-testid="board-canvas"]').getAttribute('data-notes'), { timeout: 10_000 }).toBe('1');
    await facilitator.getByRole('button', { name: 'Open voting' }).click();
    await expect.poll(() => ana.getByRole('timer').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // A second tab of the facilitator's, on the same laptop.
    const otherTab = await facilitator.context().newPage();
    await otherTab.goto(facilitator.url());
    await expect.poll(() => otherTab.locator('.fv-status__text').innerText(), { timeout: 15_000 }).toBe('Connected');

    // Ben's phone loses its signal just before the end: it will find the room gone when it is back.
    await ben.context().setOffline(true);
    await expect.poll(() => ben.getByText(/offline/i).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // Delete, from "Results and export". The confirmation's "Export first" leads to the export.
    await openSessionTab(facilitator, 'Results and export');
    await facilitator.getByRole('button', { name: 'Delete this room…' }).click();
    await facilitator.getByRole('button', { name: 'Export first' }).click();
    await expect.poll(() => facilitator.evaluate(() => document.activeElement?.textContent)).toBe('Take the results away');
    await facilitator.getByRole('button', { name: 'Yes, delete everything' }).click();
    await facilitator.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });

    for (const page of [ana, presenter, otherTab]) await showsOnlyTheEnd(page);
    await ben.context().setOffline(false);
    await showsOnlyTheEnd(ben);
    // And the board it kept on the phone (everyone's notes) is gone from it too.
    const boardKept = () => ben.evaluate(async (id) => (await indexedDB.databases()).some((db) => db.name === `tributary:board:${id}`), workshop.roomId);
    await expect.poll(boardKept, { timeout: 10_000 }).toBe(false);

    // Ana keeps her own note, to copy or save; Ben has nothing to keep and is told so.
    const mine = ana.getByRole('region', { name: 'Your notes, still on this phone' });
    await expect.poll(() => mine.getByText(MINE).count()).toBe(1);
    expect(await ana.getByRole('button', { name: 'Copy my notes' }).count()).toBe(1);
    expect(await ana.getByRole('button', { name: 'Save as a file' }).count()).toBe(1);
    expect(await ben.getByText(MINE).count()).toBe(0);
    expect(await ben.getByText('Nothing you wrote is left on this phone.').count()).toBe(1);
    expect(await presenter.getByText('You can close this window.').count()).toBe(1);
    expect(await otherTab.getByRole('link', { name: 'Make a new room' }).count()).toBe(1);
    await shoot(ana, 'session-ended-phone-keeps-own-notes');
    await shoot(presenter, 'session-ended-presenter');

    // A phone that comes back later (a reload) still sees the end, not an empty room.
    await ana.reload();
    await showsOnlyTheEnd(ana);
    await expect.poll(() => ana.getByText(MINE).count(), { timeout: 10_000 }).toBe(1);

    // And can take its notes off a borrowed phone.
    await ana.getByRole('button', { name: 'Remove them from this phone' }).click();
    expect(await ana.getByText(MINE).count()).toBe(0);
    await ana.reload();
    await showsOnlyTheEnd(ana);
    expect(await ana.getByText('Nothing you wrote is left on this phone.').count()).toBe(1);
  } finally {
    await workshop.close();
  }
});
