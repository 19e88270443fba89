import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { laptopContext, phoneContext, screenshot } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { openSessionTab } from '../helpers/workshop.ts';

/**
 * Roles and tokens as people meet them (issue 15): the facilitator opens the screen view, which
 * keeps only a read-only token, and takes someone out of the session from the People panel; that
 * person's phone says so and cannot join again.
 */
describe('the screen link and taking someone out, in the browser', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;
  let laptop: BrowserContext;
  let facilitator: Page;
  let phone: Page;

  beforeAll(async () => {
    browser = await chromium.browser();
    laptop = await laptopContext(browser);
    facilitator = await laptop.newPage();
    phone = await (await phoneContext(browser)).newPage();
  });

  test('the screen view holds only a presenter token; a removed phone is told and cannot join again', async () => {
    await facilitator.goto(`${server.url}/`);
    await facilitator.getByLabel('Name of the session (optional)').fill('Roles');
    await facilitator.getByRole('button', { name: 'Create room' }).click();
    await facilitator.waitForURL(/\/facilitate/);
    const roomId = new URL(facilitator.url()).pathname.split('/')[2]!;
    await expect.poll(() => facilitator.locator('.fv-code').count(), { timeout: 15_000 }).toBe(1);
    const code = (await facilitator.locator('.fv-code').innerText()).replace(/\s+/g, '');

    // The screen view, opened from the panel's "Results and export" tab, in a browser tab of its own.
    await openSessionTab(facilitator, 'Results and export');
    const [screen] = await Promise.all([laptop.waitForEvent('page'), facilitator.getByRole('button', { name: 'Open the screen view' }).click()]);
    await screen.waitForURL(/\/present$/, { timeout: 15_000 });
    await expect.poll(() => screen.locator('.presenter__prompt-text').count(), { timeout: 15_000 }).toBe(1);
    const kept = await screen.evaluate((id) => ({ screen: localStorage.getItem(`tributary:screen:${id}`), own: localStorage.getItem(`tributary:session:${id}`) }), roomId);
    const screenSession = JSON.parse(kept.screen!) as { token: string; role: string };
    const ownSession = JSON.parse(kept.own!) as { token: string; role: string };
    expect(screenSession.role).toBe('presenter');
    expect(ownSession.role).toBe('facilitator');
    expect(screenSession.token).not.toBe(ownSession.token);
    const asScreen = await fetch(`${server.url}/api/rooms/${roomId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${screenSession.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'board.lock' }),
    });
    expect(asScreen.status).toBe(403);

    // A screen link from before presenter tokens carried the facilitator token: the screen view
    // swaps it for the presenter token and keeps only that.
    const oldLink = await laptop.newPage();
    await oldLink.goto(`${server.url}/room/${roomId}/present#token=${encodeURIComponent(ownSession.token)}`);
    await oldLink.waitForURL(/\/present$/, { timeout: 15_000 });
    await expect.poll(() => oldLink.locator('.presenter__prompt-text').count(), { timeout: 15_000 }).toBe(1);
    const swapped = JSON.parse((await oldLink.evaluate((id) => localStorage.getItem(`tributary:screen:${id}`), roomId))!) as { token: string };
    expect(swapped.token).toBe(screenSession.token);
    await oldLink.close();

    // Someone joins, and the facilitator takes them out.
    await phone.goto(`${server.url}/join/${code}`);
    await phone.getByLabel(/^Name/).fill('Mo');
    await phone.getByRole('button', { name: /^Join/ }).click();
    await phone.waitForURL(/\/room\/[^/]+$/);
    await expect.poll(() => phone.getByRole('button', { name: 'Post note' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The screen, open all along, is not a person: the facilitator sees two people here, not three.
    const hereCount = () => facilitator.getByTitle('Who is here').innerText();
    await expect.poll(hereCount, { timeout: 10_000 }).toMatch(/^2 here/);
    expect(await screen.locator('.presenter__prompt-text').count()).toBe(1);
    await screen.close();

    await openSessionTab(facilitator, 'People');
    await facilitator.getByRole('button', { name: 'Take someone out of the session…' }).click();
    const list = facilitator.getByRole('group', { name: 'Take someone out of the session' });
    await list.locator('li', { hasText: 'Mo' }).getByRole('button', { name: 'Take out…' }).click();
    await expect.poll(() => list.getByText('Take Mo out of the session?', { exact: false }).count()).toBe(1);
    await screenshot(facilitator, 'issue15-take-out-confirm');
    await list.getByRole('button', { name: 'Yes, take Mo out' }).click();
    await expect.poll(() => list.getByText('Mo has been taken out of the session.').count(), { timeout: 10_000 }).toBe(1);

    await expect.poll(() => phone.getByText('The facilitator has taken you out of this session.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(phone, 'issue15-phone-removed');

    // The same phone cannot come back in.
    await phone.goto(`${server.url}/join/${code}`);
    await phone.getByRole('button', { name: /^Join/ }).click();
    await expect.poll(() => phone.getByText('cannot join it again', { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(new URL(phone.url()).pathname).toBe(`/join/${code}`);
  });
});
