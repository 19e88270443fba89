import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getTemplate } from '@tributary/shared/templates/index';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { laptopContext, screenshot } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoomOnScreen, openSessionTab, screenshotDir } from '../helpers/workshop.ts';

/**
 * A facilitator's own methods on screen (issue 19): save an edited session as "my method", start
 * a new session from it on the home page, and run a session plan of two methods. What the new
 * rooms hold is compared through the API (`GET /api/rooms/:roomId/method`, the room as a method).
 */
describe('own methods and session plans on a laptop', () => {
  const server = useServer({ process: 'child', serveClient: true, env: { RATE_LIMIT_CREATE_ROOM: '100' } });
  const chromium = useBrowser();
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.browser();
  });

  /** The facilitator token this page keeps for the room it shows (its session on the device). */
  async function roomOnPage(page: Page): Promise<{ roomId: string; token: string }> {
    await page.waitForURL(/\/room\/[^/]+\/facilitate$/, { timeout: 15_000 });
    const roomId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    const token = await page.evaluate((id) => (JSON.parse(localStorage.getItem(`tributary:session:${id}`)!) as { token: string }).token, roomId);
    return { roomId, token };
  }

  /** The room's areas and steps, as the server reads them (areas relative to the first). */
  async function roomAsMethod(room: { roomId: string; token: string }): Promise<Pick<TemplateDefinition, 'areas' | 'steps'>> {
    const res = await fetch(`${server.url}/api/rooms/${encodeURIComponent(room.roomId)}/method`, { headers: { authorization: `Bearer ${room.token}` } });
    expect(res.status).toBe(200);
    const method = (await res.json()) as TemplateDefinition;
    return { areas: method.areas, steps: method.steps };
  }

  test('save an edited session as my method, then start a new session from it on the home page', async () => {
    const page = await (await laptopContext(browser)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await createRoomOnScreen(page, server.url, { title: 'Tenants forum', method: 'Group agreement' });
    const first = await roomOnPage(page);

    // A little editing: a step added at the end of the script.
    await openSessionTab(page, 'Now');
    await page.getByRole('button', { name: 'Change steps' }).click();
    const addForm = page.getByRole('form', { name: 'Add a step' });
    await addForm.getByLabel('Title', { exact: true }).fill('Check out');
    await addForm.getByLabel('Question', { exact: true }).fill('One word for how you feel now?');
    await addForm.getByRole('button', { name: 'Add step' }).click();
    await expect.poll(async () => (await roomAsMethod(first)).steps.map((s) => s.title), { timeout: 10_000 }).toContain('Check out');

    await openSessionTab(page, 'Board');
    await page.getByLabel('Name of the method').fill('Our forum');
    await page.getByRole('button', { name: 'Save as my method' }).click();
    await expect.poll(() => page.getByText('Saved “Our forum” in your methods.', { exact: false }).count(), { timeout: 10_000 }).toBe(1);
    // No library on this laptop yet: one was made and its key shown once.
    expect(await page.getByText(/Keep this key somewhere safe/).count()).toBe(1);
    await screenshot(page, 'own-methods-save');

    await page.goto(`${server.url}/`);
    const mine = page.getByRole('region', { name: 'Your methods' });
    await mine.getByRole('button', { name: 'Start a session with Our forum' }).click();
    const second = await roomOnPage(page);
    expect(second.roomId).not.toBe(first.roomId);
    const [before, after] = [await roomAsMethod(first), await roomAsMethod(second)];
    expect(after.areas).toEqual(before.areas);
    expect(after.steps).toEqual(before.steps);
    expect(after.steps.at(-1)).toMatchObject({ title: 'Check out', prompt: 'One word for how you feel now?' });
    expect(errors).toEqual([]);
  });

  test('a session plan: Group agreement then Word Association, started from the home page', async () => {
    const groupAgreement = getTemplate('group-agreement')!;
    const wordAssociation = getTemplate('word-association')!;
    const [ga, wa] = [groupAgreement.title, wordAssociation.title];
    const page = await (await laptopContext(browser)).newPage();
    await page.goto(`${server.url}/`);
    const mine = page.getByRole('region', { name: 'Your methods' });
    const pick = mine.getByLabel('Method to add');
    await expect.poll(() => pick.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(2);
    // Added in the wrong order, then put right with "Up".
    await pick.selectOption({ label: wa });
    await mine.getByRole('button', { name: 'Add to the plan' }).click();
    await pick.selectOption({ label: ga });
    await mine.getByRole('button', { name: 'Add to the plan' }).click();
    await mine.getByRole('button', { name: `Move ${ga} earlier` }).click();
    const plan = mine.getByRole('list', { name: 'Your session plan, in order' });
    expect(await plan.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining(`1. ${ga}`), expect.stringContaining(`2. ${wa}`)]);
    // The whole "Your methods" part of the home page, as the docs show it.
    await mine.screenshot({ path: path.join(screenshotDir(), 'own-methods-home.png') });
    await mine.getByRole('button', { name: 'Start the planned session' }).click();
    const room = await roomOnPage(page);
    const made = await roomAsMethod(room);
    expect(made.steps.map((s) => s.title)).toEqual([...groupAgreement.steps, ...wordAssociation.steps].map((s) => s.title));
    expect(made.areas.map((a) => a.title)).toEqual([...groupAgreement.areas, ...wordAssociation.areas].map((a) => a.title));
    // Word association's areas start to the right of Group agreement's.
    const gaRight = Math.max(...made.areas.slice(0, groupAgreement.areas.length).map((a) => a.rect.x + a.rect.w));
    for (const area of made.areas.slice(groupAgreement.areas.length)) expect(area.rect.x).toBeGreaterThan(gaRight);
    // The facilitator sees where each method starts in the script.
    await openSessionTab(page, 'Now');
    await expect.poll(() => page.getByText(`Method: ${wa}`).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByText(`Method: ${ga}`).count()).toBe(1);
  });
  test('bring in a method file: a damaged one is refused in plain words, a good one starts a session', async () => {
    const page = await (await laptopContext(browser)).newPage();
    await page.goto(`${server.url}/`);
    const mine = page.getByRole('region', { name: 'Your methods' });
    const file = mine.getByLabel('Method file (.json)');
    const method = JSON.parse(JSON.stringify(getTemplate('group-agreement')!)) as TemplateDefinition & { owner?: string };
    method.title = 'From a file';
    const asFile = (value: unknown, name: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });

    await file.setInputFiles(asFile('not json at all', 'notes.json'));
    await expect.poll(() => mine.getByRole('alert').innerText(), { timeout: 10_000 }).toContain('“notes.json” is not a method file');

    await file.setInputFiles(asFile({ ...method, owner: 'someone' }, 'spoilt.json'));
    await mine.getByRole('button', { name: 'Start a session with “From a file”' }).click();
    await expect.poll(() => mine.getByRole('alert').innerText(), { timeout: 10_000 }).toContain('This method cannot be used: /method/owner is not right');
    expect(new URL(page.url()).pathname).toBe('/');

    await file.setInputFiles(asFile(method, 'good.json'));
    await mine.getByRole('button', { name: 'Start a session with “From a file”' }).click();
    const room = await roomOnPage(page);
    expect((await roomAsMethod(room)).steps.map((s) => s.title)).toEqual(method.steps.map((s) => s.title));
  });
});
