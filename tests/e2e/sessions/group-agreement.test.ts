import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser.ts';
import { makeTempDir, spawnServer, type SpawnedServer } from '../../helpers/server.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop } from '../../helpers/workshop.ts';

/**
 * Group Agreement from the screens alone: three phones suggest ways of working together, the
 * group reads them (on the projector and on each phone), and everyone puts dots on the ones
 * they want. The facilitator uses only their laptop's panel; the projector shows each step.
 */
let server: SpawnedServer;
let browser: Browser;
const dataDir = makeTempDir('tributary-group-agreement-');

beforeAll(async () => {
  browser = await launchChromium();
  server = await spawnServer({ dataDir, env: { SERVE_CLIENT: '1' } });
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
  await server?.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const shows = (page: Page, text: string | RegExp) => expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0);

async function post(page: Page, text: string) {
  await page.getByLabel('Your note').fill(text);
  await page.getByRole('button', { name: 'Post note' }).click();
  await shows(page, text);
}

async function nextStep(facilitator: Page) {
  await ensureSessionPanelOpen(facilitator);
  await facilitator.getByRole('button', { name: /^Next step/ }).click();
}

test('Group Agreement runs from suggestions to an agreement with dots, from the screens alone', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'Our agreement', method: 'Group agreement', names: ['Ana', 'Ben', ''] });
  const [ana, ben, unnamed] = workshop.phones.map((p) => p.page) as [Page, Page, Page];
  const { facilitator, presenter } = workshop;
  const suggestions = ['One person talks at a time', 'It is OK to step out', 'No jargon please'];
  try {
    // 1. Suggest: every screen shows the question; each phone posts a suggestion.
    for (const page of everyScreen(workshop)) await shows(page, /How do we want to work together/);
    await post(ana, suggestions[0]!);
    await post(ben, suggestions[1]!);
    await post(unnamed, suggestions[2]!);
    // The projector shows every suggestion's words.
    for (const text of suggestions) await shows(presenter, text);
    await shoot(ana, 'group-agreement-phone-suggest');
    await shoot(presenter, 'group-agreement-presenter-suggest');

    // 2. Talk it through: no note box; each phone shows the suggestions to read together.
    await nextStep(facilitator);
    for (const page of everyScreen(workshop)) await shows(page, /Read the suggestions together/);
    for (const phone of [ana, ben, unnamed]) {
      await expect.poll(() => phone.getByLabel('Your note').count()).toBe(0);
      await shows(phone, /to read together/);
      for (const text of suggestions) await shows(phone, text);
    }
    await shoot(ben, 'group-agreement-phone-read');

    // 3. Agree: each phone gives dots; the first suggestion gets three, the second one.
    await nextStep(facilitator);
    for (const page of everyScreen(workshop)) await shows(page, /Put your dots on the suggestions/);
    const vote = (phone: Page, text: string) =>
      phone.locator('.vote-note', { hasText: text }).getByRole('button', { name: 'Give a vote to this note' }).click();
    for (const phone of [ana, ben, unnamed]) {
      await shows(phone, 'You have 3 votes.');
      await vote(phone, suggestions[0]!);
      await shows(phone, 'You have 2 votes.');
    }
    await vote(ana, suggestions[1]!);
    await shoot(unnamed, 'group-agreement-phone-vote');

    // The facilitator closes voting and shows the totals: phones and projector show them.
    await ensureSessionPanelOpen(facilitator);
    await facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    for (const phone of [ana, ben, unnamed]) {
      await shows(phone, /Voting is closed/);
      await expect.poll(() => phone.locator('.vote-note', { hasText: suggestions[0]! }).innerText()).toMatch(/3 votes in all/);
    }
    await shows(presenter, suggestions[0]!);
    await shoot(presenter, 'group-agreement-presenter-totals');
    await shoot(facilitator, 'group-agreement-facilitator-totals');
  } finally {
    await workshop.close();
  }
});
