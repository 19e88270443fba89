import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot } from '../helpers/browser.ts';
import { request, type CreatedRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { joinOnPhone, openSessionTab, presenterContext, shoot } from '../helpers/workshop.ts';

/**
 * Pictures on the board (issue 19), against the real server: a phone (390x844, touch) draws a
 * sketch note with a finger in an anonymous step, takes one line back, draws again and posts it
 * with what it shows; the facilitator adds a photo of a flip chart with what it says. Both show on
 * the facilitator's board (1280x800) and the projector (1920x1080), drawn inside their notes and
 * listed as words; the sketch carries no author anywhere in the board document.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let room: CreatedRoom;
let facilitator: Page;
let presenter: Page;
const contexts: BrowserContext[] = [];

async function run(cmd: Record<string, unknown>): Promise<void> {
  const res = await server.command(room.roomId, room.facilitatorToken, cmd);
  expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
}

/** The board's notes as the stock client reads the document (what every screen is sent). */
async function boardNotes(): Promise<Array<Record<string, unknown>>> {
  const board = server.doc(room.roomId, 'board', room.facilitatorToken);
  await board.synced;
  const notes: Array<Record<string, unknown>> = [];
  (board.doc.getMap('notes') as import('yjs').Map<import('yjs').Map<unknown>>).forEach((map, id) => notes.push({ id, ...map.toJSON() }));
  board.destroy();
  return notes;
}

/** A finger drawing through the points, on the element's own box (fractions of its width and height). */
async function drawWithFinger(page: Page, selector: string, points: Array<[number, number]>): Promise<void> {
  await page.locator(selector).scrollIntoViewIfNeeded();
  const box = (await page.locator(selector).boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = ([fx, fy]: [number, number]) => [{ x: box.x + fx * box.width, y: box.y + fy * box.height, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]!) });
  for (const p of points.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

function strokes(page: Page): Promise<string | null> {
  return page.locator('.sketch__pad').getAttribute('data-strokes');
}

/** Picture notes in view on a board whose picture has arrived and is drawn in the note. */
function picturesOnBoard(page: Page): Promise<number> {
  return page.locator('[data-testid="board-canvas"]').evaluate((el) => Number((el as HTMLElement).dataset.pictures ?? 0));
}

beforeAll(async () => {
  room = await server.room('Getting here');
  await run({
    type: 'steps.set',
    steps: [
      { title: 'Anonymous ideas', prompt: 'What makes it hard to get here?', mode: 'anonymous' },
      { title: 'From the paper', prompt: 'What did the tables write?', mode: 'open' },
    ],
    index: 0,
  });
  const browser = await chromium.browser();
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(laptop);
  facilitator = await laptop.newPage();
  await facilitator.goto(new URL(room.links.facilitator, server.url).toString());
  await facilitator.locator('[data-testid="board-canvas"]').waitFor({ timeout: 20_000 });
  const link = await request(server.url, 'POST', `/api/rooms/${room.roomId}/presenter-link`, { token: room.facilitatorToken });
  const screen = await presenterContext(browser);
  contexts.push(screen);
  presenter = await screen.newPage();
  await presenter.goto(link.body.presenter);
  await presenter.getByRole('button', { name: 'Show board' }).click();
  await presenter.locator('[data-testid="board-canvas"]').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

test('a phone draws a sketch note with a finger in an anonymous step; the board and the projector show it, with no author', async () => {
  const context = await chromium.phone();
  const phone = await context.newPage();
  await joinOnPhone(phone, server.url, room.joinCode, 'Sam');

  // The three ways to add a note, side by side (a look for people changing this screen, not for the docs).
  await phone.getByRole('group', { name: 'Write, draw or add a photo' }).scrollIntoViewIfNeeded();
  await screenshot(phone, 'note-composer-ways');
  await phone.getByRole('button', { name: 'Draw instead' }).click();
  const pad = phone.getByRole('img', { name: /^Drawing area/ });
  await pad.waitFor();
  expect(await pad.evaluate((el) => getComputedStyle(el).touchAction)).toBe('none');
  // A house: walls, then a roof; the roof goes wrong, is taken back, and is drawn again.
  await drawWithFinger(phone, '.sketch__pad', [[0.25, 0.85], [0.25, 0.45], [0.75, 0.45], [0.75, 0.85], [0.25, 0.85]]);
  await expect.poll(() => strokes(phone)).toBe('1');
  await drawWithFinger(phone, '.sketch__pad', [[0.1, 0.9], [0.9, 0.1]]);
  await expect.poll(() => strokes(phone)).toBe('2');
  await phone.getByRole('button', { name: 'Undo last line' }).click();
  await expect.poll(() => strokes(phone)).toBe('1');
  await phone.getByRole('radio', { name: 'Red' }).check();
  await phone.getByRole('radio', { name: 'Thick' }).check();
  await drawWithFinger(phone, '.sketch__pad', [[0.2, 0.47], [0.35, 0.3], [0.5, 0.15], [0.65, 0.3], [0.8, 0.47]]);
  await expect.poll(() => strokes(phone)).toBe('2');
  await expect(pad.getAttribute('aria-label')).resolves.toBe('Drawing area, 2 lines drawn');
  await phone.getByLabel('Say what your drawing shows').fill('A house, far from the bus stop');
  await pad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shoot(phone, 'sketch-pad-phone');

  // No connection: the drawing is not lost, and the phone says so plainly.
  await context.setOffline(true);
  await phone.getByRole('button', { name: 'Post note' }).click();
  await phone.getByRole('alert').filter({ hasText: 'Your drawing was not sent: there is no connection. It is kept on this phone.' }).waitFor();
  expect(await strokes(phone)).toBe('2');
  // Kept on the phone too: a reload brings it back.
  await context.setOffline(false);
  await phone.reload();
  await phone.getByRole('button', { name: 'Draw instead' }).click();
  await expect.poll(() => strokes(phone), { timeout: 15_000 }).toBe('2');
  await expect(phone.getByLabel('Say what your drawing shows').inputValue()).resolves.toBe('A house, far from the bus stop');
  await phone.getByRole('button', { name: 'Post note' }).click();
  // Anonymous: it waits for two more people's notes, then goes up with them, without a name.
  await expect.poll(() => phone.locator('.sketch__pad').getAttribute('data-strokes'), { timeout: 15_000 }).toBe('0');
  for (const [name, text] of [
    ['Ali', 'The bus only comes once an hour'],
    ['Jo', 'Nobody pays the fare up front'],
  ] as const) {
    const token = await server.join(room.joinCode, name);
    const posted = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token, body: { text } });
    expect(posted.status, posted.text).toBe(201);
  }
  await expect.poll(async () => (await boardNotes()).length, { timeout: 15_000 }).toBe(3);

  const sketch = (await boardNotes()).find((n) => n.imageId)!;
  expect(sketch).toMatchObject({ imageKind: 'sketch', anonymous: true, text: 'A house, far from the bus stop' });
  expect(sketch.authorId).toBeUndefined();
  expect(sketch.authorName).toBeUndefined();
  const picture = await fetch(`${server.url}/api/rooms/${room.roomId}/images/${String(sketch.imageId)}`, { headers: { authorization: `Bearer ${room.facilitatorToken}` } });
  expect(picture.status).toBe(200);
  expect(picture.headers.get('content-type')).toBe('image/png');
  const bytes = Buffer.from(await picture.arrayBuffer());
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.readUInt32BE(16)).toBe(600);

  // Drawn inside its note on the facilitator's board and on the projector's board.
  await expect.poll(() => picturesOnBoard(facilitator), { timeout: 15_000 }).toBe(1);
  await expect.poll(() => picturesOnBoard(presenter), { timeout: 15_000 }).toBe(1);
  // As words (and a picture with its description) in the projector's list of all notes.
  await presenter.getByRole('button', { name: 'All notes' }).click();
  await presenter.getByText('Drawing: A house, far from the bus stop').waitFor({ timeout: 15_000 });
  await presenter.getByRole('img', { name: 'Drawing: A house, far from the bus stop' }).waitFor({ timeout: 15_000 });
  await presenter.getByRole('button', { name: 'Back to the question' }).click();
  await context.close();
});

test('the facilitator adds photos of paper, one after another, with what they say; board and projector show them', async () => {
  // A flip chart photo, made in the page as a phone camera would give it (a JPEG).
  const jpeg = async (words: string) =>
    Buffer.from(
      (
        await facilitator.evaluate((text) => {
          const c = document.createElement('canvas');
          c.width = 2400;
          c.height = 1800;
          const g = c.getContext('2d')!;
          g.fillStyle = '#F4F1E8';
          g.fillRect(0, 0, c.width, c.height);
          g.fillStyle = '#1A3A8A';
          g.font = 'bold 220px sans-serif';
          g.fillText(text, 160, 700);
          g.fillRect(160, 820, 1900, 30);
          return c.toDataURL('image/jpeg', 0.9).split(',')[1]!;
        }, words)
      ),
      'base64',
    );

  await run({ type: 'step.goto', index: 1 });
  await openSessionTab(facilitator, 'Board');
  const section = facilitator.locator('section', { has: facilitator.getByRole('heading', { name: 'Photos of paper' }) });
  await section.waitFor();
  const uploads: number[] = [];
  facilitator.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/images')) uploads.push(r.postDataBuffer()?.length ?? 0);
  });

  const photos = [
    ['Bus fares!', 'Bus fares are too high'],
    ['Timing', ''],
  ] as const;
  for (const [drawn, words] of photos) {
    await section.locator('input[type="file"]').setInputFiles({ name: 'flipchart.jpg', mimeType: 'image/jpeg', buffer: await jpeg(drawn) });
    await section.getByRole('img', { name: 'The photo you chose' }).waitFor();
    if (words) await section.getByLabel('Type what the paper says (optional)').fill(words);
    else await section.getByLabel('Or say what the photo shows').fill('A flip chart headed Timing');
    await section.getByRole('button', { name: 'Add to the board' }).click();
    await section.getByText('The photo is on the board. Ready for the next one.').waitFor({ timeout: 15_000 });
    // Empty again for the next sheet.
    await expect(section.getByRole('img', { name: 'The photo you chose' }).count()).resolves.toBe(0);
  }
  // Made small on the device: 1600 px on the long side, not the camera's 2400.
  expect(uploads).toHaveLength(2);
  const stored = (await boardNotes()).filter((n) => n.imageKind === 'photo');
  expect(stored.map((n) => n.text).sort()).toEqual(['A flip chart headed Timing', 'Bus fares are too high']);
  const bytes = Buffer.from(
    await (await fetch(`${server.url}/api/rooms/${room.roomId}/images/${String(stored[0]!.imageId)}`, { headers: { authorization: `Bearer ${room.facilitatorToken}` } })).arrayBuffer(),
  );
  expect(bytes[0]).toBe(0xff);
  expect(bytes[1]).toBe(0xd8);

  await expect.poll(() => picturesOnBoard(facilitator), { timeout: 15_000 }).toBe(3);
  // A new step brings the projector back to its question: the board is asked for again.
  if ((await presenter.locator('[data-testid="board-canvas"]').count()) === 0) await presenter.getByRole('button', { name: 'Show board' }).click();
  await expect.poll(() => picturesOnBoard(presenter), { timeout: 15_000 }).toBe(3);
  await presenter.getByRole('button', { name: 'All notes' }).click();
  await presenter.getByText('Picture: Bus fares are too high').waitFor({ timeout: 15_000 });
  await presenter.getByRole('img', { name: 'Picture: A flip chart headed Timing' }).waitFor({ timeout: 15_000 });

  // The facilitator's list of the board (keyboard and screen readers): each picture with its words as alt.
  await facilitator.getByRole('button', { name: 'List', exact: true }).click();
  await facilitator.getByRole('img', { name: 'Picture: Bus fares are too high' }).waitFor({ timeout: 15_000 });
  await facilitator.getByText('Drawing: A house, far from the bus stop').waitFor();
  await facilitator.getByRole('button', { name: 'Canvas', exact: true }).click();
  await facilitator.locator('[data-testid="board-canvas"]').waitFor();

  // The board as the facilitator sees it, fitted, with the panel closed.
  const toggle = facilitator.locator('.fv-btn--session');
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await facilitator.getByRole('button', { name: /^Fit/ }).first().click();
  await expect.poll(() => picturesOnBoard(facilitator), { timeout: 15_000 }).toBe(3);
  await shoot(facilitator, 'photo-note-board');
});

test('a helper with a phone adds a photo of paper from the note form; it goes up like any note', async () => {
  const context = await chromium.phone();
  const phone = await context.newPage();
  await joinOnPhone(phone, server.url, room.joinCode, 'Helper');
  const photo = Buffer.from(
    await phone.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 1200;
      c.height = 1600;
      const g = c.getContext('2d')!;
      g.fillStyle = '#FFF8C4';
      g.fillRect(0, 0, c.width, c.height);
      g.fillStyle = '#222222';
      g.font = '120px sans-serif';
      g.fillText('More buses', 100, 400);
      return c.toDataURL('image/jpeg', 0.9).split(',')[1]!;
    }),
    'base64',
  );
  await phone.getByRole('button', { name: 'Add a photo of paper' }).click();
  await phone.locator('.photo-paper input[type="file"]').setInputFiles({ name: 'note.jpg', mimeType: 'image/jpeg', buffer: photo });
  await phone.getByRole('img', { name: 'The photo you chose' }).waitFor();
  await phone.getByLabel('Type what the paper says (optional)').fill('More buses in the evening');
  await phone.getByRole('button', { name: 'Post note' }).click();
  await expect.poll(async () => (await boardNotes()).some((n) => n.imageKind === 'photo' && n.text === 'More buses in the evening'), { timeout: 15_000 }).toBe(true);
  // Empty again, and "my notes" says what it is.
  await expect.poll(() => phone.getByRole('img', { name: 'The photo you chose' }).count(), { timeout: 15_000 }).toBe(0);
  await phone.locator('.my-note').filter({ hasText: 'Your photo' }).filter({ hasText: 'More buses in the evening' }).waitFor();
  await expect.poll(() => picturesOnBoard(facilitator), { timeout: 15_000 }).toBe(4);
  await context.close();
});
