import { beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { everyScreen, shoot, startWorkshop } from '../../helpers/workshop.ts';

/**
 * The start every method shares, from the screens alone: the facilitator makes the room on the
 * home page, three phones type the code, and the projector opens the screen link from the panel.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

test('a facilitator starts a workshop: three phones join by code and the projector shows how to join', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'Housing forum', method: 'Group Agreement', names: ['Ana', 'Ben', ''] });
  try {
    // Each phone is in the room and shows the session's name.
    for (const phone of workshop.phones) await expect.poll(() => phone.page.getByText('Housing forum').count()).toBeGreaterThan(0);
    // The projector shows the code people type, as the facilitator's header shows it.
    const code = workshop.joinCode.replace(/[^A-Z0-9]/gi, '');
    expect(code.length).toBeGreaterThanOrEqual(6);
    await expect.poll(async () => (await workshop.presenter.locator('body').innerText()).replace(/[^A-Z0-9]/gi, '').includes(code), { timeout: 10_000 }).toBe(true);
    // Every screen is on the method's first step, not a blank room's "What would you like to share?".
    for (const page of everyScreen(workshop)) await expect.poll(() => page.getByText(/How do we want to work together/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(everyScreen(workshop)).toHaveLength(5);
    await shoot(workshop.presenter, 'workshop-start-presenter-1920');
    await shoot(workshop.phones[0]!.page, 'workshop-start-phone-390');
    await shoot(workshop.facilitator, 'workshop-start-facilitator-1280');
  } finally {
    await workshop.close();
  }
});
