import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { laptopContext } from '../helpers/browser.ts';
import { command, createRoom, join, makeTempDir, request, type CreatedRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { openSessionTab, screenshotDir } from '../helpers/workshop.ts';

/**
 * Paper (issue 17): a facilitator prints a handout for people without a phone, and the results
 * for people who are not online, both from the session panel. Recovery River, in its "What gets
 * in the way" step (notes go to the stage each person picks), after one marker round: the handout
 * has a box per stage; the results have the marker chart, then each stage on a page of its own,
 * with no names and without the hidden note. Printed by Chromium to PDF (A4 and US Letter), and
 * each sheet's first page saved as a picture with pdftoppm (poppler-utils).
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;
let room: CreatedRoom;
let stageIds: string[] = [];
const pdfDir = makeTempDir('tributary-paper-pdf-');

function needPoppler(): void {
  for (const tool of ['pdftoppm', 'pdfinfo']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} not found: install poppler-utils (apt-get install poppler-utils) to check the printed pages.`);
    }
  }
}

function pageCount(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Prints the page to PDF on this paper, and saves its first page as <screenshots>/<name>.png. */
async function printOn(page: Page, format: 'A4' | 'Letter', name?: string): Promise<number> {
  const pdf = path.join(pdfDir, `${name ?? 'sheet'}-${format}.pdf`);
  // preferCSSPageSize: the sheet's own @page margins, as a browser's print window uses them.
  await page.pdf({ path: pdf, format, printBackground: true, preferCSSPageSize: true });
  if (name) {
    const dir = screenshotDir();
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(dir, name)]);
  }
  return pageCount(pdf);
}

async function run(cmd: Record<string, unknown>): Promise<void> {
  const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
  expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
}

/** The facilitator opens one of the "On paper" links from the Results tab; it opens a new tab. */
async function openFromPanel(facilitator: Page, link: 'Print a handout' | 'Print results'): Promise<Page> {
  await openSessionTab(facilitator, 'Results and export');
  const [sheet] = await Promise.all([facilitator.waitForEvent('popup', { timeout: 15_000 }), facilitator.getByRole('link', { name: link }).click()]);
  await sheet.getByRole('button', { name: /^Print the/ }).waitFor({ timeout: 15_000 });
  return sheet;
}

beforeAll(async () => {
  needPoppler();
  browser = await chromium.browser();
  const created = await createRoom(server.url, {
    title: 'Our recovery river',
    template: 'recovery-river',
    areaDescriptions: { 'stage-1': 'Everything feels hard. I am not sure who to trust.', 'stage-3': 'Ups and downs, some days I cannot get out.' },
  });
  expect(created.status, created.text).toBe(201);
  room = created.body;

  const areas = await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken });
  stageIds = (areas.body.areas as Array<{ id: string }>).map((a) => a.id);
  expect(stageIds).toHaveLength(6);

  // Three people: one marker round (two at "The rapids", one at "The ocean"), then notes on stages.
  const tokens: string[] = [];
  for (const name of ['Sam', 'Priya', 'Jo']) tokens.push((await join(server.url, room.joinCode, name)).body.participantToken as string);
  await run({ type: 'step.goto', index: 1 });
  for (const [i, token] of tokens.entries()) {
    const voted = await request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token, body: { areaId: stageIds[i === 2 ? 5 : 2], delta: 1 } });
    expect(voted.status, voted.text).toBe(200);
  }
  await run({ type: 'voting.showTotals' });
  await run({ type: 'step.goto', index: 2 });
  const post = async (token: string, text: string, stage: number) => {
    const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text, areaId: stageIds[stage] } });
    expect(res.status, res.text).toBe(201);
    return res.body.noteId as string;
  };
  await post(tokens[0]!, 'No phone credit to ring in', 0);
  await post(tokens[1]!, 'Meetings too early in the day', 2);
  await post(tokens[2]!, 'Being asked the same questions again', 2);
  const hidden = await post(tokens[0]!, 'Something hurtful to hide', 2);
  await run({ type: 'note.hide', noteId: hidden });
});

afterAll(async () => {
  if (!process.env.KEEP_PDF) fs.rmSync(pdfDir, { recursive: true, force: true });
  else console.log('PDFs kept in', pdfDir);
});

test('the handout: the question, the join code and QR code, a box per stage to write in, on A4 and Letter', async () => {
  const context = await laptopContext(browser);
  try {
    const facilitator = await context.newPage();
    await facilitator.goto(room.links.facilitator);
    const sheet = await openFromPanel(facilitator, 'Print a handout');
    expect(new URL(sheet.url()).pathname).toBe(`/room/${room.roomId}/facilitate/handout`);

    await expect.poll(() => sheet.locator('.handout__qr svg').count(), { timeout: 10_000 }).toBe(1);
    await expect(sheet.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Our recovery river');
    await expect(sheet.locator('.handout__question').textContent()).resolves.toMatch(/^Pick a stage and add notes to it/);
    const code = `${room.joinCode.slice(0, 3)} ${room.joinCode.slice(3)}`;
    await expect(sheet.locator('.handout__code').textContent()).resolves.toBe(code);
    const boxes = await sheet.locator('.handout__box-title').allTextContents();
    expect(boxes).toEqual(['1. The source', '2. Upstream', '3. The rapids', '4. Calmer water', '5. The river', '6. The ocean']);
    await expect(sheet.locator('.handout__box').first().textContent()).resolves.toContain('Everything feels hard');
    expect(await axeViolations(sheet)).toEqual([]);
    const space = await sheet.locator('.handout__space').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(space, 'room to write in each box: at least 20 mm (75 px)').toBeGreaterThanOrEqual(75);

    // On paper: no buttons, black on white, the question in big type.
    await sheet.emulateMedia({ media: 'print' });
    await expect(sheet.locator('.print-bar').isVisible()).resolves.toBe(false);
    const ink = await sheet.locator('.handout__question').evaluate((el) => ({ color: getComputedStyle(el).color, size: parseFloat(getComputedStyle(el).fontSize) }));
    expect(ink.color).toBe('rgb(0, 0, 0)');
    expect(ink.size, 'the question in 18 pt or more').toBeGreaterThanOrEqual(24);
    // Six stages with their words fit one page of either paper.
    expect(await printOn(sheet, 'A4', 'handout-print')).toBe(1);
    expect(await printOn(sheet, 'Letter')).toBe(1);
  } finally {
    await context.close();
  }
});

test('a step that names no areas: six plain boxes, one idea in each, on one page of either paper', async () => {
  const plain = (await createRoom(server.url, { title: 'Tenants panel' })).body as CreatedRoom;
  const context = await laptopContext(browser);
  try {
    const facilitator = await context.newPage();
    await facilitator.goto(plain.links.facilitator);
    const sheet = await openFromPanel(facilitator, 'Print a handout');
    await expect.poll(() => sheet.locator('.handout__qr svg').count(), { timeout: 10_000 }).toBe(1);
    await expect(sheet.locator('.handout__how').textContent()).resolves.toMatch(/^Write one idea in each box\./);
    await expect(sheet.locator('.handout__box').count()).resolves.toBe(6);
    await expect(sheet.locator('.handout__box-title').count()).resolves.toBe(0);
    // A facilitator on a phone sees the same sheet, stacked, without scrolling sideways.
    await sheet.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => sheet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(sheet)).toEqual([]);
    await sheet.emulateMedia({ media: 'print' });
    expect(await printOn(sheet, 'A4', 'handout-print-plain')).toBe(1);
    expect(await printOn(sheet, 'Letter')).toBe(1);
  } finally {
    await context.close();
  }
});

test('a Welsh room: the handout is in Welsh, even for a facilitator who reads the panel in English', async () => {
  const welsh = await createRoom(server.url, { title: 'Panel tenantiaid', language: 'cy' });
  expect(welsh.status, welsh.text).toBe(201);
  const context = await laptopContext(browser);
  // The facilitator's own pick on this device is English: the sheet still follows the room.
  await context.addInitScript(() => localStorage.setItem('tributary:language', 'en'));
  try {
    const facilitator = await context.newPage();
    await facilitator.goto((welsh.body as CreatedRoom).links.facilitator);
    await openSessionTab(facilitator, 'Results and export');
    await expect(facilitator.getByText('Sheets print in the room’s language').textContent()).resolves.toMatch(/otherwise in yours\.$/);
    const [sheet] = await Promise.all([facilitator.waitForEvent('popup', { timeout: 15_000 }), facilitator.getByRole('link', { name: 'Print a handout' }).click()]);
    await sheet.getByRole('button', { name: 'Argraffu’r daflen' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => sheet.locator('.handout__qr svg').count(), { timeout: 10_000 }).toBe(1);
    await expect(sheet.evaluate(() => document.documentElement.lang)).resolves.toBe('cy');
    await expect(sheet.locator('.handout__how').textContent()).resolves.toBe(
      'Ysgrifennwch un syniad ym mhob blwch. Does dim angen i chi ysgrifennu eich enw. Rhowch y daflen i’r hwylusydd, a bydd yn rhoi eich geiriau ar y bwrdd.',
    );
    await expect(sheet.locator('.handout__join-text').textContent()).resolves.toMatch(/^Oes gennych chi ffôn\? Sganiwch y cod, neu ewch i .+\/join a theipiwch [A-Z0-9]{3} [A-Z0-9]{3}$/);
    await expect(sheet.getByRole('list', { name: 'Blychau i ysgrifennu ynddyn nhw' }).count()).resolves.toBe(1);
    await expect(sheet.title()).resolves.toMatch(/· Taflen/);
    // Shown in the room's language, not remembered as the facilitator's own.
    await expect(sheet.evaluate(() => localStorage.getItem('tributary:language'))).resolves.toBe('en');
    expect(await axeViolations(sheet)).toEqual([]);
    await sheet.emulateMedia({ media: 'print' });
    expect(await printOn(sheet, 'A4', 'handout-print-welsh')).toBe(1);
  } finally {
    await context.close();
  }
});

test('an Arabic room: the handout reads right to left, the link and code left to right, on one page', async () => {
  const arabic = (await createRoom(server.url, { title: 'ورشة السكن', language: 'ar' })).body as CreatedRoom;
  const context = await laptopContext(browser);
  try {
    const facilitator = await context.newPage();
    await facilitator.goto(arabic.links.facilitator);
    await openSessionTab(facilitator, 'Results and export');
    const [sheet] = await Promise.all([facilitator.waitForEvent('popup', { timeout: 15_000 }), facilitator.getByRole('link', { name: /handout|ورقة/i }).click()]);
    await sheet.getByRole('button', { name: 'اطبع ورقة المشاركة' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => sheet.locator('.handout__qr svg').count(), { timeout: 10_000 }).toBe(1);
    await expect(sheet.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).resolves.toEqual(['ar', 'rtl']);
    await expect(sheet.locator('.handout__code').getAttribute('dir')).resolves.toBe('ltr');
    await expect(sheet.locator('.handout__how').textContent()).resolves.toMatch(/^اكتب فكرة واحدة في كل مربع\./);
    expect(await axeViolations(sheet)).toEqual([]);
    await sheet.emulateMedia({ media: 'print' });
    expect(await printOn(sheet, 'A4', 'handout-print-arabic')).toBe(1);
  } finally {
    await context.close();
  }
});

test('printed results: totals, the marker chart, each stage on its own page, no names, no hidden note', async () => {
  const context = await laptopContext(browser);
  try {
    const facilitator = await context.newPage();
    await facilitator.goto(room.links.facilitator);
    const sheet = await openFromPanel(facilitator, 'Print results');
    expect(new URL(sheet.url()).pathname).toBe(`/room/${room.roomId}/facilitate/results`);

    expect(await axeViolations(sheet)).toEqual([]);
    await expect(sheet.locator('.results-print__totals').textContent()).resolves.toMatch(/^3 notes · 1 round of markers · printed /);
    // The marker round side by side with the stages, counts in words.
    const rapids = sheet.locator('.marker-chart tbody tr', { hasText: '3. The rapids' });
    await expect(rapids.locator('.marker-chart__count').textContent()).resolves.toBe('2 people');
    const ocean = sheet.locator('.marker-chart tbody tr', { hasText: '6. The ocean' });
    await expect(ocean.locator('.marker-chart__count').textContent()).resolves.toBe('1 person');

    // The stages that have notes, in river order, each with its totals.
    const areas = sheet.locator('.results-print__area');
    await expect(areas.locator('h2').allTextContents()).resolves.toEqual(['1. The source', '3. The rapids']);
    await expect(areas.nth(1).locator('.results-print__area-totals').textContent()).resolves.toBe('2 notes · markers in “Where are you?”: 2 people');
    const text = (await sheet.locator('main').textContent()) ?? '';
    expect(text).toContain('Meetings too early in the day');
    expect(text).not.toContain('Something hurtful to hide');
    for (const name of ['Sam', 'Priya', 'Jo']) expect(text).not.toContain(name);

    await sheet.emulateMedia({ media: 'print' });
    await expect(sheet.locator('.print-bar').isVisible()).resolves.toBe(false);
    const breaks = await areas.evaluateAll((els) => els.map((el) => getComputedStyle(el).breakBefore));
    expect(breaks).toEqual(['page', 'page']);
    // The charts on the first page, then one page per stage.
    expect(await printOn(sheet, 'A4', 'results-print')).toBe(3);
    expect(await printOn(sheet, 'Letter')).toBe(3);
  } finally {
    await context.close();
  }
});
