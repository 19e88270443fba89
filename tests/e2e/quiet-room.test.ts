import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { laptopContext, phoneContext } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoomOnScreen, joinOnPhone, readJoinCode } from '../helpers/workshop.ts';

/**
 * A quiet room (issue 16): people writing in silence for minutes. The phone used to drop its
 * control socket every 33 s (y-websocket gives up on a socket it has heard nothing on for 30 s)
 * and flash "Reconnecting…", and the facilitator's laptop flashed "Offline". Left idle for three
 * minutes, neither opens a new socket and neither ever shows it.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const IDLE_MS = 3 * 60_000;

/** Counts every websocket the page opens, and whether `words` ever appears on it (checked on every change). */
async function watch(page: Page, words: RegExp): Promise<{ opened: () => number; sawWords: () => Promise<boolean> }> {
  let opened = 0;
  page.on('websocket', () => opened++);
  await page.evaluate((source) => {
    const pattern = new RegExp(source);
    const w = window as unknown as { __saw?: string[] };
    w.__saw = [];
    const check = () => {
      const text = document.body.innerText;
      const match = pattern.exec(text);
      if (match) w.__saw!.push(match[0]);
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, words.source);
  return {
    opened: () => opened,
    sawWords: async () => ((await page.evaluate(() => (window as unknown as { __saw?: string[] }).__saw?.length ?? 0)) as number) > 0,
  };
}

test(
  'a phone and the facilitator left idle for 3 minutes open no new socket and never show "Reconnecting" or "Offline"',
  async () => {
    const facilitator = await (await laptopContext(browser)).newPage();
    await createRoomOnScreen(facilitator, server.url, { title: 'Quiet writing' });
    const code = await readJoinCode(facilitator);
    const phone = await (await phoneContext(browser)).newPage();
    await joinOnPhone(phone, server.url, code, 'Ana');
    await expect.poll(() => facilitator.locator('.fv-status__text').innerText(), { timeout: 15_000 }).toBe('Connected');

    const phoneWatch = await watch(phone, /Reconnecting|You're offline/);
    const facilitatorWatch = await watch(facilitator, /Offline|Connecting|Reconnecting/);
    // Nobody touches anything: no notes, no commands, no presence changes.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));

    expect(phoneWatch.opened()).toBe(0);
    expect(facilitatorWatch.opened()).toBe(0);
    expect(await phoneWatch.sawWords()).toBe(false);
    expect(await facilitatorWatch.sawWords()).toBe(false);
    expect(await phone.getByText('Connected', { exact: true }).count()).toBe(1);
    expect(await facilitator.locator('.fv-status__text').innerText()).toBe('Connected');
  },
  IDLE_MS + 90_000,
);
