import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { notesMap } from '@tributary/shared';
import { launchChromium, phoneContext, screenshot } from '../helpers/browser.ts';
import { connectDoc, sleep, type DocClient } from '../helpers/clients.ts';
import { makeTempDir, mustCreateRoom, spawnServer, type CreatedRoom, type SpawnedServer } from '../helpers/server.ts';

/**
 * DESIGN.md 6: "posts made offline are kept and sent later". A phone loses its signal, the person
 * writes and posts a note anyway; the page says it is safe on the phone; when the signal comes
 * back the note reaches the board, once.
 */
describe('posting with no signal', () => {
  const dataDir = makeTempDir('tributary-e2e-offline-');
  let server: SpawnedServer;
  let browser: Browser;
  let phone: BrowserContext;
  let participant: Page;
  let room: CreatedRoom;
  let watcher: DocClient;
  const noteText = `Written on the bus with no signal ${Date.now()}`;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await spawnServer({ dataDir, env: { SERVE_CLIENT: '1' } });
    room = await mustCreateRoom(server.url, 'Offline forum');
    // A stock client watching the board, as the facilitator's screen would.
    watcher = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    await watcher.synced;
    phone = await phoneContext(browser);
    participant = await phone.newPage();
  });

  afterAll(async () => {
    watcher?.destroy();
    await browser?.close();
    server?.kill('SIGKILL');
    await server?.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const notesWithText = () => [...notesMap(watcher.doc).values()].filter((n) => n.get('text') === noteText).length;

  test('a note posted offline waits on the phone and reaches the board when the signal is back', async () => {
    await participant.goto(`${server.url}/join`);
    await participant.getByLabel('Code').fill(room.joinCode);
    await participant.getByRole('button', { name: /^Join/ }).click();
    await participant.waitForURL(/\/room\/[^/]+$/);
    await expect.poll(() => participant.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The signal goes.
    await phone.setOffline(true);
    await expect
      .poll(() => participant.getByText("You're offline. Your notes are safe on this phone and will be sent when you're back.").count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);

    await participant.getByLabel('Your note').fill(noteText);
    await participant.getByRole('button', { name: 'Post note' }).click();

    // Kept on the phone, and the page says so.
    const waiting = participant.locator('[data-outbox="waiting"]');
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.innerText()).toContain(noteText);
    expect(await waiting.innerText()).toContain('Waiting to send: your note is safe on this phone');
    expect(await participant.getByLabel('Your note').inputValue()).toBe('');
    const stored = await participant.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('tributary:outbox:'))
        .map((k) => localStorage.getItem(k))
        .join(''),
    );
    expect(stored).toContain(noteText);
    expect(notesWithText()).toBe(0);
    await screenshot(participant, 'offline-note-waiting');

    // The signal comes back: the note goes up on its own, once.
    await phone.setOffline(false);
    await expect.poll(notesWithText, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => participant.getByText('Connected', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => participant.getByText(noteText).count()).toBeGreaterThan(0);
    const outboxLeft = await participant.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tributary:outbox:')).length);
    expect(outboxLeft).toBe(0);

    // The board is kept on the phone (IndexedDB), the control document never is.
    const databases = await participant.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    expect(databases).toContain(`tributary:board:${room.roomId}`);
    expect(databases.filter((name) => name.includes('control'))).toEqual([]);

    // Nothing is posted twice, even after a reload.
    await participant.reload();
    await expect.poll(() => participant.getByText(noteText).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await sleep(1000);
    expect(notesWithText()).toBe(1);
  });
});
