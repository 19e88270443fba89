import { beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { phoneContext, screenshot } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * The home page in the person's language on a phone: its own words, and the method cards as the
 * server translates them (GET /api/templates?language=), with what a method leaves open asked in
 * that language too. The language here is the one picked on this device (remembered).
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

test('a phone set to Polish: the home page and the method cards are in Polish', async () => {
  const context = await phoneContext(browser);
  await context.addInitScript(() => localStorage.setItem('tributary:language', 'pl'));
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'Rozpocznij sesję' }).waitFor();
  expect(await page.getAttribute('html', 'lang')).toBe('pl');
  await page.getByRole('radio', { name: /Kawiarnia świata/ }).waitFor();
  await expect.poll(() => page.getByText('Około 1 godziny 15 minut').count()).toBeGreaterThan(0);
  // Recovery River leaves four stages open: asked in Polish.
  await page.getByRole('radio', { name: /Rzeka zdrowienia/ }).check();
  await page.getByRole('textbox', { name: '1. Źródło' }).waitFor();
  await expect.poll(() => page.getByText('Jak ktoś może się czuć na tym etapie i co się u niego dzieje?').count()).toBe(4);
  await page.getByRole('button', { name: 'Utwórz pokój' }).waitFor();
  await screenshot(page, 'home-polish-phone');
  await context.close();
});
