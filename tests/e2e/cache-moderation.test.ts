import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { phoneContext } from '../helpers/browser.ts';
import { command, createRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * A hidden note leaves every participant's copy of the board for real, including the copy a
 * phone keeps in IndexedDB for offline use (which otherwise keeps every update it was given).
 */
describe('moderation reaches the device cache', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.browser();
  });

  /**
   * Every byte the phone's board cache holds, as latin1 text, to search for words. Nothing until
   * the phone's live room has made the cache: the note box comes before it (issue 17), and opening
   * a database that does not exist yet would make an empty one the live room could not use.
   */
  const cachedBytes = (page: Page, roomId: string) =>
    page.evaluate(
      async (name) =>
        !(await indexedDB.databases()).some((db) => db.name === name)
          ? ''
          : new Promise<string>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const read = db.transaction('updates').objectStore('updates').getAll();
            read.onerror = () => reject(read.error);
            read.onsuccess = () => {
              let text = '';
              for (const update of read.result as Uint8Array[]) for (const byte of update) text += String.fromCharCode(byte);
              db.close();
              resolve(text);
            };
          };
        }),
      `tributary:board:${roomId}`,
    );

  test('after the facilitator hides a note, its words are gone from the phone cache', async () => {
    const created = await createRoom(server.url, { title: 'Cache' });
    const room = created.body;
    const phone = await (await phoneContext(browser)).newPage();
    await phone.goto(room.links.join);
    await phone.getByRole('button', { name: /^Join/ }).click();
    await phone.waitForURL(/\/room\/[^/]+$/);
    // The live room is up (it keeps the board cache): the note box is there before it.
    await expect.poll(() => phone.getByText('Connected', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const words = `HIDE-ME-${Date.now()}`;
    await phone.getByLabel('Your note').fill(words);
    await phone.getByRole('button', { name: 'Post note' }).click();
    await expect.poll(() => cachedBytes(phone, room.roomId).then((t) => t.includes(words)), { timeout: 10_000 }).toBe(true);

    // The note reaches the board (and this cache) through the websocket, which can be before the
    // HTTP reply that gives this phone the note's id lands in "my notes".
    const myNoteId = () =>
      phone.evaluate(
        (roomId) => (JSON.parse(localStorage.getItem(`tributary:own-notes:${roomId}`) ?? '[]') as Array<{ noteId?: string }>).find((n) => n.noteId)?.noteId ?? '',
        room.roomId,
      );
    await expect.poll(myNoteId, { timeout: 10_000 }).toMatch(/^note_/);
    const noteId = await myNoteId();
    const hidden = await command(server.url, room.roomId, room.facilitatorToken, { type: 'note.hide', noteId });
    expect(hidden.status, hidden.text).toBe(200);
    await expect.poll(() => cachedBytes(phone, room.roomId).then((t) => t.includes(words)), { timeout: 10_000 }).toBe(false);
  });
});
