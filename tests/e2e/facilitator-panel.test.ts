import fs from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { laptopContext, phoneContext } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoomOnScreen, joinOnPhone, openSessionTab, readJoinCode, shoot } from '../helpers/workshop.ts';

/**
 * The facilitator's screens by task (issue 16): the session panel's tabs, focus that stays on
 * the control a keyboard user pressed, and a header that fits a small phone.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

/** What has keyboard focus: its visible text, or "BODY" when focus fell to the page. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    return (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.tagName).trim();
  });

const isCommand = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/commands');

/** Two animation frames: React has rendered, and the browser painted, what was already in hand. */
const nextFrames = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

/**
 * Presses Enter on the focused control, which sends one command, then waits for everything the
 * command causes on this screen: the reply, the control document's change (`settled`), the
 * busy mark gone, and the render after them, so focus is where it will stay.
 */
async function pressEnter(page: Page, settled: () => Promise<boolean>): Promise<void> {
  const replied = page.waitForResponse((response) => isCommand(response.request()), { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await replied;
  await expect.poll(async () => (await settled()) && (await page.locator('[aria-busy="true"]').count()) === 0, { timeout: 10_000 }).toBe(true);
  await nextFrames(page);
}

describe('the session panel, by task', () => {
  let facilitator: Page;

  test('four tabs in an ARIA tablist, moved between with the arrow keys, Home and End', async () => {
    // The room for the tests below: a facilitator's laptop and one phone.
    facilitator = await (await laptopContext(browser)).newPage();
    await createRoomOnScreen(facilitator, server.url, { title: 'Tenants panel', method: 'Group Agreement' });
    const phone = await (await phoneContext(browser)).newPage();
    await joinOnPhone(phone, server.url, await readJoinCode(facilitator), 'Ana');

    const tabs = facilitator.locator('#fv-session').getByRole('tablist', { name: 'Session' }).getByRole('tab');
    expect(await tabs.allInnerTexts()).toEqual(['Now', 'People', 'Board', 'Results and export']);
    const selected = () => facilitator.locator('#fv-session [role="tab"][aria-selected="true"]').innerText();
    const shownPanel = () => facilitator.locator('#fv-session [role="tabpanel"]:not([hidden])').getAttribute('aria-labelledby');
    expect(await selected()).toBe('Now');
    // Only the selected tab is in the Tab order.
    expect(await tabs.evaluateAll((els) => els.map((el) => el.getAttribute('tabindex')))).toEqual(['0', '-1', '-1', '-1']);

    await tabs.first().focus();
    await facilitator.keyboard.press('ArrowRight');
    expect(await selected()).toBe('People');
    expect(await focused(facilitator)).toBe('People');
    expect(await shownPanel()).toBe('fv-tab-people');
    await facilitator.keyboard.press('End');
    expect(await selected()).toBe('Results and export');
    expect(await focused(facilitator)).toBe('Results and export');
    await facilitator.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Now');
    await facilitator.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('Results and export');
    await facilitator.keyboard.press('Home');
    expect(await selected()).toBe('Now');

    // Each task in its tab: one visible panel at a time.
    const visible = (name: string) => facilitator.locator('#fv-session').getByRole('button', { name, exact: true }).isVisible();
    expect(await visible('Next step →')).toBe(true);
    expect(await visible("Pause participants' editing")).toBe(false);
    await openSessionTab(facilitator, 'People');
    expect(await visible('Take someone out of the session…')).toBe(true);
    expect(await facilitator.getByText('Nobody has picked a badge yet.').isVisible()).toBe(true);
    await shoot(facilitator, 'facilitator-panel-tab-people-1280');
    await openSessionTab(facilitator, 'Board');
    expect(await visible("Pause participants' editing")).toBe(true);
    expect(await visible('Next step →')).toBe(false);
    await shoot(facilitator, 'facilitator-panel-tab-board-1280');
    await openSessionTab(facilitator, 'Results and export');
    for (const name of ['Notes as a document (Markdown)', 'Notes as a spreadsheet (CSV)', 'Everything as data (JSON)', 'Download picture of the board', 'Open the screen view', 'Make a co-facilitator link']) {
      expect(await visible(name), name).toBe(true);
    }
    await shoot(facilitator, 'facilitator-panel-tab-results-1280');
    await openSessionTab(facilitator, 'Now');
    await shoot(facilitator, 'facilitator-panel-tab-now-1280');
  });

  test('the export buttons download the board as Markdown, CSV and JSON, and a co-facilitator link opens the room as a facilitator', async () => {
    await openSessionTab(facilitator, 'Results and export');
    for (const [name, ext] of [
      ['Notes as a document (Markdown)', 'md'],
      ['Notes as a spreadsheet (CSV)', 'csv'],
      ['Everything as data (JSON)', 'json'],
    ] as const) {
      const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('button', { name }).click()]);
      expect(download.suggestedFilename()).toBe(`tributary-Tenants-panel.${ext}`);
      const body = fs.readFileSync((await download.path())!, 'utf8');
      expect(body).toContain(ext === 'csv' ? 'area' : 'Suggestions');
    }

    await facilitator.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await facilitator.getByRole('button', { name: 'Make a co-facilitator link' }).click();
    const link = await facilitator.getByLabel('Co-facilitator link').inputValue();
    expect(link).toMatch(/\/facilitate#token=/);
    const coFacilitator = await (await laptopContext(browser)).newPage();
    await coFacilitator.goto(link);
    await expect.poll(() => coFacilitator.locator('.fv-status__text').innerText(), { timeout: 15_000 }).toBe('Connected');
    expect(await coFacilitator.getByRole('tab', { name: 'Now' }).count()).toBe(1);
    // The token left the address bar once kept.
    expect(new URL(coFacilitator.url()).hash).toBe('');
    await coFacilitator.close();
  });

  test('focus stays on, or moves to what replaced, the control pressed by keyboard after each command', async () => {
    await openSessionTab(facilitator, 'Now');
    const panel = facilitator.locator('#fv-session');

    // Timer: Start becomes Pause, Pause becomes Resume; "+1 minute" stays itself.
    await panel.getByRole('button', { name: 'Start', exact: true }).focus();
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Pause', exact: true }).count()) === 1);
    expect(await focused(facilitator)).toBe('Pause');
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Resume', exact: true }).count()) === 1);
    expect(await focused(facilitator)).toBe('Resume');
    await panel.getByRole('button', { name: '+1 minute' }).focus();
    await pressEnter(facilitator, async () => true);
    expect(await focused(facilitator)).toBe('+1 minute');
    await panel.getByRole('button', { name: 'Reset' }).focus();
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Start', exact: true }).count()) === 1);
    expect(await focused(facilitator)).toBe('Start');

    // Next step, pressed to the last step: focus stays on it, and it says it is unavailable there.
    const next = panel.getByRole('button', { name: 'Next step →' });
    await next.focus();
    await pressEnter(facilitator, async () => (await panel.getByText(/^Step 2 of 3/).count()) === 1);
    expect(await focused(facilitator)).toBe('Next step →');
    await pressEnter(facilitator, async () => (await panel.getByText(/^Step 3 of 3/).count()) === 1);
    expect(await focused(facilitator)).toBe('Next step →');
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    // Pressed where it is unavailable, it sends nothing, so nothing can move the step or focus.
    let sent = 0;
    const countCommands = (request: Request) => {
      if (isCommand(request)) sent++;
    };
    facilitator.on('request', countCommands);
    await facilitator.keyboard.press('Enter');
    await nextFrames(facilitator);
    facilitator.off('request', countCommands);
    expect(sent).toBe(0);
    expect(await panel.getByText(/^Step 3 of 3/).count()).toBe(1);
    expect(await focused(facilitator)).toBe('Next step →');

    // Voting (step 3 opened it): closing it hands focus to "Open a new vote" in the same place.
    await panel.getByRole('button', { name: 'Close and show totals' }).focus();
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Open a new vote' }).count()) === 1);
    expect(await focused(facilitator)).toBe('Open a new vote');
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Close and show totals' }).count()) === 1);
    expect(await focused(facilitator)).toBe('Close and show totals');

    // Going to a step from the list: that step's button goes (it is now current); focus stays in the list.
    await panel.getByRole('button', { name: 'Go to step 1: Suggest' }).focus();
    await pressEnter(facilitator, async () => (await panel.getByText(/^Step 1 of 3/).count()) === 1);
    expect(await focused(facilitator)).toMatch(/^Go to step \d/);

    // Board: pausing editing keeps the button; "Bring everyone here" becomes "Stop bringing everyone here".
    await openSessionTab(facilitator, 'Board');
    await panel.getByRole('button', { name: "Pause participants' editing" }).focus();
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Let participants edit again' }).count()) === 1);
    expect(await focused(facilitator)).toBe('Let participants edit again');
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: "Pause participants' editing" }).count()) === 1);
    expect(await focused(facilitator)).toBe("Pause participants' editing");
    await panel.getByRole('button', { name: 'Bring everyone here' }).focus();
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Stop bringing everyone here' }).count()) === 1);
    expect(await focused(facilitator)).toBe('Stop bringing everyone here');
    await pressEnter(facilitator, async () => (await panel.getByRole('button', { name: 'Bring everyone here' }).count()) === 1);
    expect(await focused(facilitator)).toBe('Bring everyone here');
  });
});

test('a marker step says markers on the ladder, not dots on notes, and opens a new round as markers', async () => {
  const page = await (await laptopContext(browser)).newPage();
  await createRoomOnScreen(page, server.url, { title: 'Where we are', method: 'Ladder of Participation' });
  await openSessionTab(page, 'Now');
  const panel = page.locator('#fv-session');
  await panel.getByRole('button', { name: /^Go to step \d+: Your organisation$/ }).click();
  await expect.poll(() => panel.locator('.fv-now__mode').innerText(), { timeout: 10_000 }).toMatch(/^Markers: place your marker on the (rung|area) that fits$/);
  const voting = panel.getByRole('region', { name: 'Markers' });
  await expect.poll(() => voting.innerText()).toMatch(/People are placing markers: 1 marker each/);
  expect(await panel.innerText()).not.toMatch(/dots|give your/i);
  await panel.locator('.fv-session__body').evaluate((el) => el.scrollTo(0, 0));
  await shoot(page, 'facilitator-panel-markers-1280');
  // Closed and opened again from the panel, the new round is still markers on areas.
  await panel.getByRole('button', { name: 'Close markers' }).click();
  await panel.getByRole('button', { name: 'Start a new round of markers' }).click();
  await expect.poll(() => voting.innerText()).toMatch(/People are placing markers/);
  await page.close();
});

describe('the header on a small phone', () => {
  for (const width of [320, 360, 412]) {
    test(`at ${width} px the people count and the join code stay in sight`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await context.newPage();
      try {
        await createRoomOnScreen(page, server.url, { title: 'A long session title that will not fit on a small phone' });
        const code = await readJoinCode(page);
        const header = page.locator('.fv-header');
        const here = header.getByRole('button', { name: /^\d+ here/ });
        const join = header.locator('.fv-btn--code');
        for (const control of [here, join, header.locator('.fv-btn--session')]) {
          const box = (await control.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(width);
        }
        expect((await here.innerText()).trim()).toMatch(/^\d+ here$/);
        expect((await join.locator('.fv-code').innerText()).replace(/\s/g, '')).toBe(code.replace(/\s/g, ''));
        // Nothing in the header runs off the side.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        await shoot(page, `facilitator-header-${width}`);

        // The session panel opens as a sheet with its four tabs in sight, and Escape closes it.
        await header.locator('.fv-btn--session').click();
        const tabs = page.locator('#fv-session').getByRole('tab');
        expect(await tabs.count()).toBe(4);
        for (let i = 0; i < 4; i++) {
          const box = (await tabs.nth(i).boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(width + 0.5);
          expect(box.height).toBeGreaterThanOrEqual(44);
        }
        if (width === 360) await shoot(page, 'facilitator-panel-sheet-360');
      } finally {
        await context.close();
      }
    });
  }
});
