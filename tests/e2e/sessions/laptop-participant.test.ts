import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { NOTE_HEIGHT, NOTE_WIDTH, notesMap, readNote, type Note } from '@tributary/shared';
import { launchChromium, laptopContext } from '../../helpers/browser.ts';
import { connectDoc, type DocClient } from '../../helpers/clients.ts';
import { makeTempDir, spawnServer, type SpawnedServer } from '../../helpers/server.ts';
import { ensureSessionPanelOpen, joinOnPhone, shoot, startWorkshop, type Workshop } from '../../helpers/workshop.ts';

/**
 * Issue 16: a participant on a laptop gets the board they can touch, within the board's rules.
 * Lee joins on a 1280x800 laptop beside three phones: drags their own note, cannot move Ana's
 * outside an arranging step, and in Word Association's grouping step arranges everyone's words
 * into themes; the facilitator's board shows every move. Then a board of 30 sentences is fitted
 * readably on the facilitator's laptop and on the projector.
 */
let server: SpawnedServer;
let browser: Browser;
const dataDir = makeTempDir('tributary-laptop-');

beforeAll(async () => {
  browser = await launchChromium();
  server = await spawnServer({ dataDir, env: { SERVE_CLIENT: '1' } });
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
  await server?.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The test's eyes on the board: where each note is, read from the board document with the
 * facilitator's own token (the screens show the notes; only their exact places are read here, to
 * aim the mouse). Nothing is written through it.
 */
async function watchBoard(workshop: Workshop): Promise<{ find(text: string): Note; close(): void }> {
  const raw = await workshop.facilitator.evaluate((roomId) => localStorage.getItem(`tributary:session:${roomId}`), workshop.roomId);
  const token = (JSON.parse(raw!) as { token: string }).token;
  const client: DocClient = connectDoc(server.url.replace(/^http/, 'ws'), workshop.roomId, 'board', token);
  await client.synced;
  return {
    find(text: string): Note {
      for (const [id, map] of notesMap(client.doc).entries()) {
        const note = readNote(id, map);
        if (note?.text === text) return note;
      }
      throw new Error(`no note "${text}" on the board`);
    },
    close: () => client.destroy(),
  };
}

/** Where a board point is on the page, from the canvas's camera (data-camera: x, y, zoom). */
async function onScreen(page: Page, canvasSelector: string, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const canvas = page.locator(canvasSelector);
  const box = (await canvas.boundingBox())!;
  const [cx, cy, zoom] = (await canvas.getAttribute('data-camera'))!.split(',').map(Number) as [number, number, number];
  return { x: box.x + cx + point.x * zoom, y: box.y + cy + point.y * zoom };
}

/** A real mouse drag: press on the note's middle, move in steps, release over `to` (board units). */
async function dragNote(page: Page, canvasSelector: string, note: Note, to: { x: number; y: number }): Promise<void> {
  const from = await onScreen(page, canvasSelector, { x: note.pos.x + NOTE_WIDTH / 2, y: note.pos.y + NOTE_HEIGHT / 2 });
  const end = await onScreen(page, canvasSelector, to);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + end.x) / 2, (from.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** The notes the facilitator's list shows under an area's heading. */
async function listedUnder(facilitator: Page, areaTitle: string): Promise<string[]> {
  const group = facilitator.locator('section.al-group', { has: facilitator.locator('.al-group__title', { hasText: areaTitle }) });
  return group.locator('.al-note__text').allInnerTexts();
}

async function post(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your note', exact: true }).fill(text);
  await page.getByRole('button', { name: 'Post note' }).click();
  await expect.poll(() => page.getByText(text, { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

const LAPTOP_CANVAS = '.laptop-board [data-testid="board-canvas"]';

test('a participant on a laptop drags their own note, is refused others’ outside an arranging step, and arranges everyone’s into themes', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'What mental health means', method: 'Word Association', names: ['Ana', 'Ben', ''] });
  const laptopContextForLee = await laptopContext(browser);
  const lee = await laptopContextForLee.newPage();
  const { facilitator, phones } = workshop;
  let eyes: Awaited<ReturnType<typeof watchBoard>> | null = null;
  try {
    await joinOnPhone(lee, server.url, workshop.joinCode, 'Lee');
    // The laptop has the board beside the notes; the phones keep their one column.
    await expect.poll(() => lee.locator(LAPTOP_CANVAS).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => lee.getByRole('heading', { name: 'Add a note' }).count()).toBe(0); // the topic step: talk only
    for (const phone of phones) expect(await phone.page.locator('.laptop-board').count()).toBe(0);
    expect(await phones[0]!.page.getByRole('button', { name: 'See the whole board' }).count()).toBe(1);

    // Step 2: everyone writes words privately; the facilitator reveals them.
    await ensureSessionPanelOpen(facilitator);
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => lee.getByRole('textbox', { name: 'Your note', exact: true }).count(), { timeout: 10_000 }).toBe(1);
    await post(lee, 'hope');
    await post(phones[0]!.page, 'fear');
    await post(phones[1]!.page, 'stigma');
    await facilitator.getByRole('button', { name: 'Reveal all notes' }).click();
    await facilitator.getByRole('button', { name: 'Yes, reveal all notes' }).click();
    const facilitatorNotes = () => facilitator.locator('[data-testid="board-canvas"]').getAttribute('data-notes');
    await expect.poll(facilitatorNotes, { timeout: 10_000 }).toBe('3');
    await expect.poll(() => lee.locator(LAPTOP_CANVAS).getAttribute('data-notes'), { timeout: 10_000 }).toBe('3');

    // Step 3, "Look at all the words" (talk only, no arranging): Lee's own note moves anywhere.
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => lee.getByTestId('laptop-board-hint').innerText(), { timeout: 10_000 }).toBe('Drag your own notes to move them.');
    eyes = await watchBoard(workshop);
    await lee.getByRole('button', { name: /^Fit the board/ }).click();
    // Theme 2 of the template: x 540, y 780, 520 x 720.
    const theme2 = { x: 540 + 260, y: 780 + 360 };
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('hope'), theme2);
    await expect.poll(() => eyes!.find('hope').pos.x, { timeout: 10_000 }).toBeGreaterThan(540);
    expect(eyes.find('hope').pos.y).toBeGreaterThan(780);

    // The facilitator's board shows it in Theme 2 (the list names each note's area).
    await facilitator.getByRole('button', { name: 'List', exact: true }).click();
    await expect.poll(() => listedUnder(facilitator, 'Theme 2'), { timeout: 10_000 }).toEqual(['hope']);

    // Ana's note does not move: outside an arranging step, only her own notes are hers to move.
    const fearBefore = eyes.find('fear').pos;
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('fear'), { x: 0 + 260, y: 780 + 360 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(eyes.find('fear').pos).toEqual(fearBefore);
    expect(await listedUnder(facilitator, 'Theme 1')).toEqual([]);
    expect(await listedUnder(facilitator, 'Words')).toEqual(expect.arrayContaining(['fear', 'stigma']));
    // Refused before it was sent: Lee's connection was never closed for it.
    expect(await lee.getByText('Connected', { exact: true }).count()).toBeGreaterThan(0);

    // Step 4, "Group into themes": everyone may arrange everyone's words.
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => lee.getByTestId('laptop-board-hint').innerText(), { timeout: 10_000 }).toMatch(/^Drag anyone’s notes/);
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('fear'), { x: 0 + 260, y: 780 + 360 });
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('stigma'), { x: 0 + 260, y: 780 + 560 });
    await expect.poll(() => listedUnder(facilitator, 'Theme 1'), { timeout: 10_000 }).toEqual(expect.arrayContaining(['fear', 'stigma']));
    expect(await listedUnder(facilitator, 'Words')).toEqual([]);
    await shoot(lee, 'laptop-participant-laptop-arrange');
    await facilitator.getByRole('button', { name: 'Canvas', exact: true }).click();
    await facilitator.getByRole('button', { name: /^Fit the board/ }).click();
    await shoot(facilitator, 'laptop-participant-facilitator-after-arranging');
    // A phone still has its column, with the board a tap away.
    await shoot(phones[0]!.page, 'laptop-participant-phone-column');
  } finally {
    eyes?.close();
    await laptopContextForLee.close();
    await workshop.close();
  }
});
