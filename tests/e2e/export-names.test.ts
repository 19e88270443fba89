import fs from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { laptopContext } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoomOnScreen, openSessionTab, shoot } from '../helpers/workshop.ts';

/**
 * Issue 17: a facilitator who called the room "Café" saves "tributary-Café.csv" from the screen,
 * and the file opens in Excel as UTF-8 (it starts with the byte order mark).
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

test('"Notes as a spreadsheet (CSV)" in a room called Café saves tributary-Café.csv, starting with the UTF-8 BOM', async () => {
  const facilitator = await (await laptopContext(browser)).newPage();
  await createRoomOnScreen(facilitator, server.url, { title: 'Café', method: 'Group Agreement' });
  await openSessionTab(facilitator, 'Results and export');
  for (const [name, ext] of [
    ['Notes as a spreadsheet (CSV)', 'csv'],
    ['Notes as a document (Markdown)', 'md'],
  ] as const) {
    const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('button', { name }).click()]);
    expect(download.suggestedFilename()).toBe(`tributary-Café.${ext}`);
    const bytes = fs.readFileSync((await download.path())!);
    if (ext === 'csv') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    else expect(bytes[0]).not.toBe(0xef);
    // The screen says where it went, in the same words.
    await expect.poll(() => facilitator.getByRole('status').filter({ hasText: `saved as tributary-Café.${ext}` }).count(), { timeout: 5_000 }).toBe(1);
  }
  await shoot(facilitator, 'export-cafe-saved-1280');
});
