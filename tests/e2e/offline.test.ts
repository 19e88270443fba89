import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { phoneContext, screenshot } from '../helpers/browser.ts';
import { connectDoc, roundTrip, type DocClient } from '../helpers/clients.ts';
import { command, createRoom, mustCreateRoom, type CreatedRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { waitingOnPhone } from '../helpers/workshop.ts';

/**
 * DESIGN.md 6: "posts made offline are kept and sent later". A phone loses its signal, the person
 * writes and posts a note anyway; the page says it is safe on the phone; when the signal comes
 * back the note reaches the board, once.
 */
describe('posting with no signal', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;
  let phone: BrowserContext;
  let participant: Page;
  let room: CreatedRoom;
  let watcher: DocClient;
  const noteText = `Written on the bus with no signal ${Date.now()}`;

  beforeAll(async () => {
    browser = await chromium.browser();
    room = await mustCreateRoom(server.url, 'Offline forum');
    // A stock client watching the board, as the facilitator's screen would.
    watcher = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    await watcher.synced;
    phone = await phoneContext(browser);
    participant = await phone.newPage();
  });

  const others: DocClient[] = [];
  afterAll(async () => {
    for (const other of others) other.destroy();
    watcher?.destroy();
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

    await participant.getByLabel('Your note', { exact: true }).fill(noteText);
    await participant.getByRole('button', { name: 'Post note' }).click();

    // Kept on the phone, and the page says so.
    const waiting = participant.locator('[data-outbox="waiting"]');
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.innerText()).toContain(noteText);
    expect(await waiting.innerText()).toContain('Waiting to send: your note is safe on this phone');
    expect(await participant.getByLabel('Your note', { exact: true }).inputValue()).toBe('');
    const stored = await participant.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('tributary:own-notes:'))
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
    expect(await participant.evaluate(waitingOnPhone)).toBe(0);

    // The board is kept on the phone (IndexedDB), the control document never is.
    const databases = await participant.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    expect(databases).toContain(`tributary:board:${room.roomId}`);
    expect(databases.filter((name) => name.includes('control'))).toEqual([]);

    // Nothing is posted twice, even after a reload.
    await participant.reload();
    await expect.poll(() => participant.getByText(noteText).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await settledAfterReload(participant, watcher);
    expect(notesWithText()).toBe(1);
  });

  /** A room made from `template`, at step `step`, with a stock client watching its board as the facilitator. */
  async function templateRoom(template: string, step: number): Promise<{ room: CreatedRoom; board: DocClient }> {
    const created = await createRoom(server.url, { title: `Offline ${template}`, template });
    expect(created.status).toBe(201);
    const made = created.body;
    if (step > 0) expect((await command(server.url, made.roomId, made.facilitatorToken, { type: 'step.goto', index: step })).status).toBe(200);
    const board = connectDoc(server.url.replace(/^http/, 'ws'), made.roomId, 'board', made.facilitatorToken);
    others.push(board);
    await board.synced;
    return { room: made, board };
  }

  /** A fresh phone joins `room` by its link, with a name, and waits until it is connected. */
  async function joinOnPhone(made: CreatedRoom, name: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/join/${made.joinCode}`);
    await page.getByLabel(/^Name/).fill(name);
    await page.getByRole('button', { name: /^Join/ }).click();
    await page.waitForURL(/\/room\/[^/]+$/);
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    return { context, page };
  }

  /**
   * After a reload: the phone is connected again and has nothing left to send (anything it was
   * going to send again has been answered), and the watcher holds everything the server does.
   */
  async function settledAfterReload(page: Page, watching: DocClient): Promise<void> {
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(waitingOnPhone), { timeout: 15_000 }).toBe(0);
    await roundTrip(watching);
  }

  const offlineMessage = "You're offline. Your notes are safe on this phone and will be sent when you're back.";

  test('a User Manual card shared offline waits on the phone and is shared once when the signal is back', async () => {
    const { room: made, board } = await templateRoom('user-manual', 1);
    const answer = `Mornings, in writing, no rush ${Date.now()}`;
    const cardsWithAnswer = () => [...notesMap(board.doc).values()].filter((n) => String(n.get('text')).includes(answer)).length;
    const { context, page } = await joinOnPhone(made, 'Robin');
    try {
      await page.getByLabel('How best to communicate with me…').fill(answer);
      await context.setOffline(true);
      await expect.poll(() => page.getByText(offlineMessage).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Share my card' }).click();

      // Kept on the phone, and the card says so (no second "Share" to press meanwhile).
      const state = page.locator('[data-card-state]');
      await expect.poll(() => state.getAttribute('data-card-state'), { timeout: 10_000 }).toBe('waiting');
      expect(await state.innerText()).toContain('Waiting to send: your card is safe on this phone');
      expect(await page.getByRole('button', { name: 'Share my card' }).count()).toBe(0);
      const stored = await page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('tributary:own-notes:'))
          .map((k) => localStorage.getItem(k))
          .join(''),
      );
      expect(stored).toContain(answer);
      expect(stored).toContain('"kind":"card"');
      expect(cardsWithAnswer()).toBe(0);
      await screenshot(page, 'offline-card-waiting');

      // The signal comes back: the card is shared on its own, once, and the form knows it.
      await context.setOffline(false);
      await expect.poll(cardsWithAnswer, { timeout: 20_000 }).toBe(1);
      await expect.poll(() => state.getAttribute('data-card-state'), { timeout: 10_000 }).toBe('shared');
      await expect.poll(() => page.getByRole('button', { name: 'Take my card back' }).count()).toBe(1);

      // After a reload it is still the shared card (it can be taken back), and still only once.
      await page.reload();
      await expect.poll(() => page.locator('[data-card-state]').getAttribute('data-card-state'), { timeout: 15_000 }).toBe('shared');
      await settledAfterReload(page, board);
      expect(cardsWithAnswer()).toBe(1);
    } finally {
      await context.close();
    }
  });

  /**
   * A participant edits the board itself (not through the server) with "Move to area" in the
   * phone's list of the board: a Yjs write, kept in IndexedDB by y-indexeddb. Reloading with no
   * signal cannot work (the page comes from the server and there is no service worker: Chromium
   * shows its offline error page), so the realistic case is tested: the phone is closed while
   * offline with the edit unsent, and opened again once the signal is back.
   */
  test('a board edit made offline is kept on the phone through closing the page and reaches the facilitator', async () => {
    const { room: made, board } = await templateRoom('world-cafe', 1);
    const areaId = (title: string) => [...areasMap(board.doc).entries()].find(([, a]) => String(a.get('title')).startsWith(title))?.[0];
    const table1 = areaId('Table 1');
    const table2 = areaId('Table 2');
    expect(table1 && table2).toBeTruthy();
    const text = `Quiet corner for breaks ${Date.now()}`;
    const { context, page } = await joinOnPhone(made, 'Kim');
    let reopened: Page | undefined;
    try {
      // A note in Table 1 (posted by someone, through the server).
      const token = await page.evaluate((roomId) => {
        const key = Object.keys(localStorage).find((k) => k.includes(roomId) && k.startsWith('tributary:session'));
        return key ? (JSON.parse(localStorage.getItem(key) ?? '{}') as { token?: string }).token ?? '' : '';
      }, made.roomId);
      expect(token).not.toBe('');
      const posted = await fetch(`${server.url}/api/rooms/${made.roomId}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ text, areaId: table1 }),
      });
      expect(posted.ok, `POST …/notes answered ${posted.status}`).toBe(true);
      const noteId = ((await posted.json()) as { noteId: string }).noteId;
      const noteArea = () => notesMap(board.doc).get(noteId)?.get('areaId');
      await expect.poll(noteArea, { timeout: 10_000 }).toBe(table1);

      // The board as a list, the note selected, Table 2 chosen; then the signal goes.
      await page.getByRole('button', { name: 'See the whole board' }).click();
      await page.getByRole('button', { name: 'Show as list' }).click();
      await page.locator('.al-note__body', { hasText: text }).click();
      await page.getByLabel('Move to area').selectOption({ label: 'Table 2' });
      // The service worker has the app on the phone (for the reload below).
      await expect
        .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 15_000 })
        .toBe('activated');
      await context.setOffline(true);
      await expect.poll(() => page.getByText(offlineMessage).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      const inTable2 = page.locator('section.al-group', { has: page.locator('h3', { hasText: /^Table 2/ }) }).getByText(text);
      await expect.poll(() => inTable2.count(), { timeout: 5_000 }).toBe(1);
      await screenshot(page, 'offline-board-move');

      // The edit is in IndexedDB on the phone, and not on the server.
      const cached = await page.evaluate(
        async ({ roomId, wanted }) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open(`tributary:board:${roomId}`);
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const updates = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction('updates').objectStore('updates').getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
            req.onerror = () => reject(req.error);
          });
          db.close();
          // The last update written is the move: it carries the new area's id.
          const last = updates[updates.length - 1] as Uint8Array;
          return new TextDecoder('utf-8', { fatal: false }).decode(last).includes(wanted);
        },
        { roomId: made.roomId, wanted: table2! },
      );
      expect(cached, 'the move is the last update kept in IndexedDB').toBe(true);
      // The phone said it was offline before the move was made, so the move had no way out; the
      // round trip brings the watcher up to everything the server holds.
      await roundTrip(board);
      expect(noteArea()).toBe(table1);

      // A reload with no signal: the service worker has the app, the phone has the room.
      await page.reload({ timeout: 10_000 });
      await expect.poll(() => page.getByText(/^You're offline\. This is the room as you last saw it\./).count(), { timeout: 10_000 }).toBe(1);
      await page.getByRole('button', { name: 'See the whole board' }).click();
      await page.getByRole('button', { name: 'Show as list' }).click();
      await expect.poll(() => inTable2.count(), { timeout: 10_000 }).toBe(1);

      // The phone is put away while offline; later, with signal, the room is opened again.
      await page.close();
      await context.setOffline(false);
      reopened = await context.newPage();
      await reopened.goto(`${server.url}/room/${made.roomId}`);
      await expect.poll(noteArea, { timeout: 20_000 }).toBe(table2);
      await expect.poll(() => reopened!.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  test('a phone back in a room it joined shows its note box at once, says it is connecting until the room answers, and sends a note posted then', async () => {
    const made = await mustCreateRoom(server.url, 'Back again');
    const board = connectDoc(server.wsUrl, made.roomId, 'board', made.facilitatorToken);
    others.push(board);
    await board.synced;
    const words = `Posted before the room answered ${Date.now()}`;
    const onBoard = () => [...notesMap(board.doc).values()].filter((n) => n.get('text') === words).length;
    const { context, page } = await joinOnPhone(made, 'Kit');
    try {
      const question = await page.locator('.prompt__text').innerText();
      // Back in the room, whose sockets open and then say nothing; nobody asks to join again.
      const joins: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/join')) joins.push(request.url());
      });
      const heard: string[] = [];
      await page.routeWebSocket(/\/yjs\//, (socket) => socket.onMessage(() => heard.push(socket.url())));
      await page.reload();

      // The note box and the step, from what the phone kept, before the room has answered.
      await expect.poll(() => page.locator('textarea.composer__text').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.prompt__text').innerText()).toBe(question);
      // Both sockets are open (each has sent its first sync message).
      await expect.poll(() => new Set(heard).size, { timeout: 10_000 }).toBe(2);

      // A note posted now goes into the send queue and reaches the board over HTTP.
      await page.getByLabel('Your note', { exact: true }).fill(words);
      await page.getByRole('button', { name: 'Post note' }).click();
      await expect.poll(onBoard, { timeout: 15_000 }).toBe(1);
      await expect.poll(() => page.locator('.my-notes').innerText(), { timeout: 10_000 }).toContain(words);
      expect(await page.evaluate(waitingOnPhone)).toBe(0);
      // All that while, the room has not answered: the screen never says it is live.
      expect(await page.locator('.connection').innerText()).toBe('Connecting…');
      expect(await page.getByText('Connected', { exact: true }).count()).toBe(0);
      expect(joins).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
