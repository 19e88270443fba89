import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { notesMap } from '@tributary/shared/board/schema';
import { screenshot } from '../helpers/browser.ts';
import type { DocClient } from '../helpers/clients.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { createRoom, type CreatedRoom } from '../helpers/server.ts';
import { DIST } from '../helpers/wire.ts';
import { joinOnPhone, waitingOnPhone } from '../helpers/workshop.ts';

/**
 * Issue 17: the service worker. A phone that has been in a room opens it again with no signal
 * (a reload on the bus): the room as it last saw it, its own notes and the notes waiting to be
 * sent are there, and the waiting note is sent once when the signal is back. And a new version of
 * the app never reloads a page under someone typing: it takes over on the next screen, or when the
 * page starts again.
 *
 * The server (in this process: a child serves only client/dist itself) serves a copy of the build
 * kept in its data directory, so the second test can publish a "new build" (a changed sw.js)
 * while the phone is on the page, as a deploy would.
 */
const clientDirIn = (dataDir: string): string => path.join(dataDir, 'client-dist');

describe('the phone with a service worker', () => {
  const server = useServer({
    prepareDataDir(dataDir) {
      if (!fs.existsSync(path.join(DIST, 'sw.js'))) {
        throw new Error('No service worker in client/dist: run `npm run build` first (vite.config.ts builds client/dist/sw.js).');
      }
      fs.cpSync(DIST, clientDirIn(dataDir), { recursive: true });
    },
    config: (dataDir) => ({ serveClient: true, clientDir: clientDirIn(dataDir) }),
  });
  const browser = useBrowser();

  /** A room whose question is `prompt`, with a stock client watching its board as the facilitator's screen would. */
  async function roomWithQuestion(title: string, prompt: string, template?: { id: string; step: number }): Promise<{ room: CreatedRoom; board: DocClient }> {
    const room = template ? (await createRoom(server.url, { title, template: template.id })).body : await server.room(title);
    if (template) expect((await server.command(room.roomId, room.facilitatorToken, { type: 'step.goto', index: template.step })).status).toBe(200);
    expect((await server.command(room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt })).status).toBe(200);
    const board = server.doc(room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    return { room, board };
  }

  async function newPhone(): Promise<Page> {
    return (await browser.phone()).newPage();
  }

  /** Waits until this page's service worker has precached the app and is active. */
  const workerActive = (page: Page) =>
    expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 15_000 })
      .toBe('activated');

  const posted = async (page: Page, text: string) => {
    await page.getByLabel('Your note', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Post note' }).click();
  };

  test('a phone reloaded with no signal shows the room and its waiting note, and sends it once when the signal is back', async () => {
    const question = `What would make the drop-in feel safer? ${Date.now()}`;
    const { room, board } = await roomWithQuestion('Drop-in forum', question);
    const online = `Posted with signal ${Date.now()}`;
    const offline = `Written with no signal ${Date.now()}`;
    const onBoard = (text: string) => [...notesMap(board.doc).values()].filter((n) => n.get('text') === text).length;

    const page = await newPhone();
    await joinOnPhone(page, server.url, room.joinCode, '');
    await expect.poll(() => page.getByText(question).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await posted(page, online);
    await expect.poll(() => onBoard(online), { timeout: 15_000 }).toBe(1);
    await workerActive(page);

    // The signal goes; a note written now waits on the phone.
    await page.context().setOffline(true);
    await expect.poll(() => page.getByText(/^You're offline\./).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await posted(page, offline);
    const waiting = page.locator('[data-outbox="waiting"]');
    await expect.poll(() => waiting.count(), { timeout: 15_000 }).toBe(1);

    // Reloaded with the network still off: the app comes from the worker, the room from the phone.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Drop-in forum' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByText(question).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.innerText()).toContain(offline);
    expect(await page.locator('.my-notes').innerText()).toContain(online);
    await screenshot(page, 'offline-reload-phone');
    await expect.poll(() => page.locator('.connection').innerText(), { timeout: 10_000 }).toMatch(/^You're offline\. This is the room as you last saw it\./);
    expect(onBoard(offline)).toBe(0);

    // The home-screen icon, still with no signal: the manifest's start page offers the way back.
    const manifest = await page.evaluate(async () => (await (await fetch('/manifest.webmanifest')).json()) as { start_url: string; display: string });
    expect(manifest.display).toBe('standalone');
    await page.goto(new URL(manifest.start_url, server.url).href);
    await page.getByRole('link', { name: 'Go back to the room' }).click();
    await page.waitForURL(/\/room\/[^/]+$/);
    await expect.poll(() => page.getByText(question).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);

    // The signal is back: the waiting note reaches the board, once.
    await page.context().setOffline(false);
    await expect.poll(() => onBoard(offline), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => waiting.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(waitingOnPhone)).toBe(0);
    // The phone has nothing left to send and the server has it once; a second client agrees.
    const second = server.doc(room.roomId, 'board', room.facilitatorToken);
    await second.synced;
    expect([...notesMap(second.doc).values()].filter((n) => n.get('text') === offline)).toHaveLength(1);
    expect(onBoard(offline)).toBe(1);
  });

  test('a new version waits while someone types, and takes over on the next screen, between steps, or at the next start', async () => {
    const question = `What helped you most this year? ${Date.now()}`;
    const { room } = await roomWithQuestion('Peer support circle', question, { id: 'recovery-river', step: 2 });
    const page = await newPhone();
    const swFile = path.join(clientDirIn(server.dataDir), 'sw.js');
    let builds = 0;
    /** A deploy: the worker's script changes on the server, and the phone checks for it. */
    const deployNewBuild = async () => {
      fs.appendFileSync(swFile, `\n// build ${++builds}\n`);
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        await registration.update();
      });
      await expect
        .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? 'none'), { timeout: 15_000 })
        .toBe('installed');
    };
    const marked = () => page.evaluate(() => (globalThis as { tributaryMark?: number }).tributaryMark === 1);
    const mark = () => page.evaluate(() => ((globalThis as { tributaryMark?: number }).tributaryMark = 1));
    const waitingWorker = () => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));

    // A phone that has the app already: the worker installed on an earlier visit (the home page
    // here; on a join page it waits until the person has joined), so it serves the join page.
    await page.goto(`${server.url}/`);
    await workerActive(page);
    await page.goto(`${server.url}/join/${room.joinCode}`);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 10_000 }).toBe(true);

    // A new version arrives while the person is typing their name: nothing moves under them.
    await mark();
    const name = page.getByLabel(/^Name/);
    await name.pressSequentially('Sam');
    await deployNewBuild();
    await name.pressSequentially('ira');
    expect(await name.inputValue()).toBe('Samira');
    expect(await marked()).toBe(true);
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await waitingWorker()).toBe(true);

    // Joining moves to the room: that is when the new version takes over, with a fresh page.
    await page.getByRole('button', { name: /^Join/ }).click();
    await page.waitForURL(/\/room\/[^/]+$/, { timeout: 15_000 });
    await expect.poll(() => page.getByText(question).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await marked()).toBe(false);
    expect(await waitingWorker()).toBe(false);

    // In the room, mid-sentence: another new version waits, the words stay where they are.
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await mark();
    const note = page.getByLabel('Your note', { exact: true });
    await note.pressSequentially('The kettle and ');
    await deployNewBuild();
    await note.pressSequentially('a quiet corner');
    expect(await note.inputValue()).toBe('The kettle and a quiet corner');
    expect(await marked()).toBe(true);
    expect(await waitingWorker()).toBe(true);

    // The facilitator moves on while the person is still in the note box: nothing moves under them.
    const step = (index: number) => server.command(room.roomId, room.facilitatorToken, { type: 'step.goto', index });
    expect((await step(3)).status).toBe(200);
    await expect.poll(() => page.getByText('What support or adjustments might be needed', { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await note.inputValue()).toBe('The kettle and a quiet corner');
    expect(await marked()).toBe(true);
    expect(await waitingWorker()).toBe(true);

    // The person reloads: the page starts with the new version, and the draft is still there.
    await page.reload();
    await expect.poll(() => waitingWorker(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => page.getByLabel('Your note', { exact: true }).inputValue(), { timeout: 15_000 }).toBe('The kettle and a quiet corner');

    // Between steps, with nobody in a field: the next new version takes over with a fresh screen.
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await mark();
    await deployNewBuild();
    expect(await marked()).toBe(true);
    await note.blur();
    expect((await step(4)).status).toBe(200);
    await expect.poll(marked, { timeout: 15_000 }).toBe(false);
    expect(await waitingWorker()).toBe(false);
    await expect.poll(() => page.getByLabel('Your note', { exact: true }).inputValue(), { timeout: 15_000 }).toBe('The kettle and a quiet corner');
  });
});
