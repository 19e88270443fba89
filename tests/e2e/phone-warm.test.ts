import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { notesMap } from '@tributary/shared/board/schema';
import { screenshot } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { assertBuilt, DIST } from '../helpers/wire.ts';
import { joinOnPhone, waitingOnPhone } from '../helpers/workshop.ts';

/**
 * Issue 17, the warm reopen: a phone opens its room from what it kept (the room's last reading,
 * the draft, its waiting notes) before the live room's code (Yjs, the connections: the `room`
 * chunk) is evaluated, and the live room then takes over the same note box. Here the live room's
 * chunk is held back on the way, so it cannot have been evaluated while the person types; then it
 * is let through.
 */

/** The built file with Yjs in it (the live room, vite.config.ts LIVE_ROOM): yjs prints this when loaded twice. */
function liveRoomFile(): string {
  assertBuilt();
  const assets = path.join(DIST, 'assets');
  const files = fs.readdirSync(assets).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(assets, f), 'utf8').includes('Yjs was already imported'));
  expect(files, 'exactly one built chunk carries Yjs').toHaveLength(1);
  return files[0]!;
}

describe('a phone reopening its room', () => {
  const server = useServer({ serveClient: true });
  const browser = useBrowser();

  /**
   * A phone that has joined a room and seen it live, reopened with the live room's chunk held
   * back (no service worker: requests must reach the route, not a cache). `release` lets it through.
   */
  async function reopenedWithLiveRoomHeld(question: string) {
    const room = await server.room('Tenants forum');
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt: question })).status).toBe(200);
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const page: Page = await (await browser.phone({ serviceWorkers: 'block' })).newPage();
    await joinOnPhone(page, server.url, room.joinCode, '');
    await expect.poll(() => page.getByText(question).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    const file = liveRoomFile();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let liveRoomAsked = false;
    // Routing turns the browser's HTTP cache off, so the reopened page must ask for it again.
    await page.route(`**/assets/${file}`, async (route: Route) => {
      liveRoomAsked = true;
      await released;
      await route.continue();
    });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/rooms\/[^/]+\/notes$/.test(new URL(request.url()).pathname)) posts.push(request.url());
    });
    await page.reload();
    const box = page.locator('textarea.composer__text');
    await box.waitFor({ timeout: 15_000 });
    const onBoard = (text: string) => [...notesMap(board.doc).values()].filter((n) => n.get('text') === text).length;
    return { room, page, box, onBoard, posts, release, liveRoomAsked: () => liveRoomAsked };
  }

  test('the note box takes typing before the live room is evaluated, and keeps the letters, focus and caret when it takes over', async () => {
    const question = `What would make repairs quicker? ${Date.now()}`;
    const { page, box, release, liveRoomAsked } = await reopenedWithLiveRoomHeld(question);
    // The room as this phone last saw it, and an honest line about the connection.
    await expect.poll(() => page.getByText(question).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.connection').innerText()).toBe('Connecting…');
    await box.click();
    await page.keyboard.type('A landlord who answers');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => box.inputValue()).toBe('A landlord who answers');
    // Typed while the live room's code was still on its way: it cannot have been evaluated yet.
    await expect.poll(liveRoomAsked).toBe(true);
    expect(await page.evaluate(() => document.querySelector('.connection')?.textContent)).toBe('Connecting…');

    release();
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The same box: still focused, the caret where it was, every letter kept.
    await page.keyboard.type('!');
    expect(await box.inputValue()).toBe('A landlord who answe!rs');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  test('a note posted before the live room is ready waits in the outbox and is sent once when it is', async () => {
    const question = `What should the forum ask the council? ${Date.now()}`;
    const { room, page, box, onBoard, posts, release } = await reopenedWithLiveRoomHeld(question);
    const text = `Posted before the live room ${Date.now()}`;
    await box.fill(text);
    await page.getByRole('button', { name: 'Post note' }).click();
    // Kept on the phone and held: nothing goes to the server before the live room starts the queue.
    await expect.poll(() => page.evaluate(waitingOnPhone)).toBe(1);
    expect(posts).toHaveLength(0);
    // What the person sees meanwhile, to be looked at: the room as last seen, their note waiting.
    await screenshot(page, 'phone-note-waiting-before-live-room');

    release();
    await expect.poll(() => onBoard(text), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.evaluate(waitingOnPhone), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('.my-notes').innerText()).toContain(text);
    expect(posts).toHaveLength(1);
    // A second client agrees: once on the board.
    const second = server.doc(room.roomId, 'board', room.facilitatorToken);
    await second.synced;
    expect([...notesMap(second.doc).values()].filter((n) => n.get('text') === text)).toHaveLength(1);
  });
  test('on a first visit nothing is posted under the stand-in room: a named person in a room anonymous by default writes, and posts anonymously once the room has answered', async () => {
    const room = await server.room('Peer forum');
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'room.anonymousByDefault', enabled: true })).status).toBe(200);
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    const page: Page = await (await browser.phone({ serviceWorkers: 'block' })).newPage();
    // The live room's code held back from the start: the room view opens on its stand-in only.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`**/assets/${liveRoomFile()}`, async (route: Route) => {
      await released;
      await route.continue();
    });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/rooms\/[^/]+\/notes$/.test(new URL(request.url()).pathname)) posts.push(request.url());
    });
    await page.goto(`${server.url}/join`);
    await page.getByLabel(/^Code/).fill(room.joinCode);
    await page.getByLabel(/^Name/).fill('Ann');
    await page.getByRole('button', { name: /^Join/ }).click();
    const box = page.locator('textarea.composer__text');
    await box.waitFor({ timeout: 15_000 });
    const text = `Written before the room answered ${Date.now()}`;
    await box.fill(text);
    // The stand-in knows nothing of the room's anonymity: no name choice, and no posting yet.
    await expect.poll(() => page.locator('.composer').innerText()).toContain('Opening the room…');
    expect(await page.getByRole('button', { name: 'Post note' }).isDisabled()).toBe(true);
    // Sent anyway (as a keyboard's "go" would): the form refuses it too.
    await page.locator('.composer form').evaluate((form: HTMLFormElement) => form.requestSubmit());
    expect(await page.evaluate(waitingOnPhone)).toBe(0);
    expect(await box.inputValue()).toBe(text);

    release();
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const [reply] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && /\/api\/rooms\/[^/]+\/notes$/.test(new URL(response.url()).pathname)),
      page.getByRole('button', { name: 'Post note' }).click(),
    ]);
    // The room's rule, not the stand-in's: no "show my name" sent, so the note is anonymous and
    // waits for a batch of other people's notes (anonymous notes never go out alone).
    expect(JSON.parse(reply.request().postData() ?? '{}')).not.toHaveProperty('anonymous', false);
    expect(((await reply.json()) as { status: string }).status).toBe('pending');
    expect([...notesMap(board.doc).values()].filter((n) => n.get('text') === text)).toHaveLength(0);
    expect(posts).toHaveLength(1);
  });
});
