import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { phoneContext } from '../helpers/browser.ts';
import { command, createRoom, join, request, type CreatedRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { joinOnPhone, shoot } from '../helpers/workshop.ts';

/**
 * The phone, for people who read it differently (issue 17's small items): at 200% text size the
 * room title stays readable; every vote button says which note it is for, and the totals are
 * announced; the marker instruction fits touch and keyboard alike; in forced colours (Windows
 * high contrast) the six note colours still look different.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await chromium.browser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function makeRoom(body: Record<string, unknown>): Promise<CreatedRoom> {
  const created = await createRoom(server.url, body);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function run(room: CreatedRoom, cmd: Record<string, unknown>): Promise<void> {
  const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
  expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
}

async function phoneIn(room: CreatedRoom, name = ''): Promise<Page> {
  const context = await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await joinOnPhone(page, server.url, room.joinCode, name);
  return page;
}

test('at 200% text size the room title keeps the width of the phone, not a squeezed column', async () => {
  const room = await makeRoom({ title: 'Housing forum: what would make the hostel feel safe' });
  const page = await phoneIn(room);
  const title = page.locator('.room-header__title');
  const tops = () =>
    page.evaluate(() => [document.querySelector('.room-header__title')!, document.querySelector('.room-header__actions')!].map((el) => Math.round(el.getBoundingClientRect().top)));
  // At the usual size "Take a break" stays beside the title, as before.
  const [titleTop, breakTop] = await tops();
  expect(breakTop).toBe(titleTop);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  await expect.poll(() => title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize)), { timeout: 5000 }).toBeGreaterThanOrEqual(34);
  const width = await title.evaluate((el) => el.getBoundingClientRect().width);
  expect(width, 'title width at 200% on a 390 px phone').toBeGreaterThanOrEqual(300);
  // Nothing pushed past the screen's edge either.
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
  // "Take a break" moved under it, still on screen.
  const [, breakTopLarge] = await tops();
  expect(breakTopLarge).toBeGreaterThan(titleTop!);
  await shoot(page, 'phone-header-200-percent');
});

test('vote buttons each name their note, and the totals are announced when shown', async () => {
  const room = await makeRoom({ title: 'Votes' });
  const texts = ['More evening sessions', 'Pay for travel', 'Plain words', 'Quiet room', 'Peer mentors'];
  const writer = (await join(server.url, room.joinCode, 'Writer')).body.participantToken as string;
  for (const text of texts) {
    const posted = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: writer, body: { text } });
    expect(posted.status, posted.text).toBe(201);
  }
  const page = await phoneIn(room);
  await run(room, { type: 'voting.open', budget: 3 });
  const give = page.getByRole('button', { name: /^Vote for: / });
  await expect.poll(() => give.count(), { timeout: 10_000 }).toBe(5);
  const names = await give.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  expect(new Set(names).size).toBe(5);
  expect(names).toContain('Vote for: Plain words');
  await expect(page.getByRole('button', { name: 'Take back a vote from: Plain words' }).count()).resolves.toBe(1);
  await page.getByRole('button', { name: 'Vote for: Plain words' }).click();
  await expect.poll(() => page.locator('.voting__left').textContent(), { timeout: 10_000 }).toMatch(/2 votes/);
  expect(await axeViolations(page)).toEqual([]);

  await run(room, { type: 'voting.close', showTotals: true });
  const live = page.locator('[aria-live="polite"]', { hasText: /votes are in/ });
  await expect.poll(() => live.count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(live.first().textContent()).resolves.toMatch(/Most votes: “Plain words”, 1 vote/);
  expect(await axeViolations(page)).toEqual([]);
});

test('the marker instruction says what to choose, not where to tap', async () => {
  const room = await makeRoom({ title: 'River', template: 'recovery-river' });
  const page = await phoneIn(room);
  await run(room, { type: 'step.goto', index: 1 });
  const line = page.locator('.markers .voting__left');
  await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(/I’m here/);
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toMatch(/\btap\b/i);
  expect(text).toMatch(/Choose “I’m here” on one of these/);
});

test('in forced colours (Windows high contrast) the six colour choices still differ, each with its name', async () => {
  const room = await makeRoom({ title: 'Colours' });
  const page = await phoneIn(room);
  await page.emulateMedia({ forcedColors: 'active' });
  const options = page.locator('.colors__option');
  await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(6);
  const seen = await options.evaluateAll((els) =>
    els.map((el) => {
      const swatch = el.querySelector('.colors__swatch')!;
      const name = el.querySelector('.colors__name')!;
      const box = name.getBoundingClientRect();
      return { fill: getComputedStyle(swatch).backgroundColor, name: name.textContent, shown: box.width > 10 && box.height > 10 };
    }),
  );
  expect(new Set(seen.map((s) => s.fill)).size, JSON.stringify(seen)).toBe(6);
  expect(seen.map((s) => s.name)).toEqual(['Yellow', 'Pink', 'Blue', 'Green', 'Orange', 'Purple']);
  expect(seen.every((s) => s.shown), JSON.stringify(seen)).toBe(true);
  await page.locator('.colors').scrollIntoViewIfNeeded();
  await shoot(page, 'phone-colours-forced-colors');
  // Out of forced colours the names stay for screen readers only; the swatches carry the colour.
  await page.emulateMedia({ forcedColors: 'none' });
  const hidden = await page.locator('.colors__name').first().evaluate((el) => el.getBoundingClientRect().width);
  expect(hidden).toBeLessThanOrEqual(1);
});
