import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { NOTE_HEIGHT, NOTE_WIDTH, readNote, type Note } from '@tributary/shared/board/note';
import { notesMap } from '@tributary/shared/board/schema';
import { laptopContext } from '../../helpers/browser.ts';
import { axeViolations } from '../../helpers/axe.ts';
import { connectDoc, type DocClient } from '../../helpers/clients.ts';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, joinOnPhone, screenshotDir, shoot, startWorkshop, type Workshop } from '../../helpers/workshop.ts';

/**
 * Issue 16: a participant on a laptop gets the board they can touch, within the board's rules.
 * Lee joins on a 1280x800 laptop beside three phones: drags their own note, cannot move Ana's
 * outside an arranging step, and in Word Association's grouping step arranges everyone's words
 * into themes; the facilitator's board shows every move. Then a board of 30 sentences is fitted
 * readably on the facilitator's laptop and on the projector.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

/**
 * The test's eyes on the board: where each note is, read from the board document with the
 * facilitator's own token (the screens show the notes; only their exact places are read here, to
 * aim the mouse). Nothing is written through it.
 */
async function watchBoard(workshop: Workshop): Promise<{ find(text: string | ((text: string) => boolean)): Note; close(): void }> {
  const raw = await workshop.facilitator.evaluate((roomId) => localStorage.getItem(`tributary:session:${roomId}`), workshop.roomId);
  const token = (JSON.parse(raw!) as { token: string }).token;
  const client: DocClient = connectDoc(server.url.replace(/^http/, 'ws'), workshop.roomId, 'board', token);
  await client.synced;
  return {
    find(text: string | ((text: string) => boolean)): Note {
      const matches = typeof text === 'string' ? (t: string) => t === text : text;
      for (const [id, map] of notesMap(client.doc).entries()) {
        const note = readNote(id, map);
        if (note && matches(note.text)) return note;
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
    // Then a move that is hers, within Theme 2. Her writes leave on one socket, in order, and
    // the server passes them on in order: once the watcher has this one, a move of Ana's note
    // made before it would have arrived first (or closed her socket).
    const hopeBefore = eyes.find('hope').pos;
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('hope'), { x: 540 + 260, y: 780 + 200 });
    await expect.poll(() => eyes!.find('hope').pos.y, { timeout: 10_000 }).toBeLessThan(hopeBefore.y);
    expect(eyes.find('fear').pos).toEqual(fearBefore);
    expect(await listedUnder(facilitator, 'Theme 1')).toEqual([]);
    expect(await listedUnder(facilitator, 'Words')).toEqual(expect.arrayContaining(['fear', 'stigma']));
    // Refused before it was sent (the laptop asks the server's own rules first): the server never
    // had to refuse it, so Lee sees no refusal and the board was not reloaded under them.
    expect(await lee.locator('[data-refusal]').count()).toBe(0);
    expect(await lee.getByText('Connected', { exact: true }).count()).toBeGreaterThan(0);

    // Step 4, "Group into themes": everyone may arrange everyone's words.
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => lee.getByTestId('laptop-board-hint').innerText(), { timeout: 10_000 }).toMatch(/^Drag anyone’s notes/);
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('fear'), { x: 0 + 260, y: 780 + 360 });
    await dragNote(lee, LAPTOP_CANVAS, eyes.find('stigma'), { x: 0 + 260, y: 780 + 560 });
    await expect.poll(() => listedUnder(facilitator, 'Theme 1'), { timeout: 10_000 }).toEqual(expect.arrayContaining(['fear', 'stigma']));
    expect(await listedUnder(facilitator, 'Words')).toEqual([]);
    await shoot(lee, 'laptop-participant-laptop-arrange');
    // The laptop view meets WCAG 2.2 AA, and the keyboard reaches the notes: on the board, Tab
    // selects the first note and says which.
    expect(await axeViolations(lee), 'laptop participant view').toEqual([]);
    await lee.locator('.laptop-board__canvas').focus();
    await lee.keyboard.press('Escape'); // lets go of the note just dragged
    await lee.keyboard.press('Tab');
    await expect.poll(() => lee.locator('.laptop-board p.visually-hidden[aria-live]').innerText()).toMatch(/^Selected note: (hope|fear|stigma), in Theme [12]/);
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

/** Thirty suggestions, as people write them: a few words to a full sentence. */
const SUGGESTIONS = [
  'One person talks at a time',
  'It is OK to step out',
  'No jargon',
  'Listen without judging',
  'What is said here stays here',
  'Phones on silent',
  'Breaks every hour',
  'Everyone gets a turn to speak, nobody has to',
  'Respect',
  'Say when something is too much',
  'No names on the notes unless you want',
  'Be on time',
  'Ask if you do not understand',
  'Staff and members are equal here',
  'Honesty',
  'Call out stigma, kindly',
  'Tea and biscuits',
  'Nobody speaks for someone else',
  'Challenge ideas, not people',
  'Plain words',
  'Patience',
  'It is fine to disagree',
  'Share the airtime',
  'Trust takes time',
  'Leave titles at the door',
  'Feedback goes both ways',
  'Safe space',
  'Own your words',
  'Check in at the start',
  'Celebrate small wins',
];

test('thirty notes fit readably on the facilitator’s laptop and on the projector, vote badges clear of the words', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'Our group agreement', method: 'Group Agreement', names: ['Ana', 'Ben', ''] });
  const { facilitator, phones, presenter } = workshop;
  try {
    await expect.poll(() => phones[0]!.page.getByRole('textbox', { name: 'Your note', exact: true }).count(), { timeout: 10_000 }).toBe(1);
    for (const [i, text] of SUGGESTIONS.entries()) await post(phones[i % phones.length]!.page, text);
    const canvas = facilitator.locator('[data-testid="board-canvas"]');
    await expect.poll(() => canvas.getAttribute('data-notes'), { timeout: 15_000 }).toBe(String(SUGGESTIONS.length));

    // Fit on the facilitator's 1280x800 laptop, session panel open: every word drawn, at a
    // size where it shows (6 px or more on screen), every note in view.
    await ensureSessionPanelOpen(facilitator);
    await facilitator.getByRole('button', { name: /^Fit the board/ }).click();
    // "full": every note drawn whole with its words, which the canvas does only where every
    // word is 6 px or more on screen (blocks otherwise).
    await expect.poll(() => canvas.getAttribute('data-lod')).toBe('full');
    await expect.poll(() => canvas.getAttribute('data-visible-notes')).toBe(String(SUGGESTIONS.length));

    // Votes: three dots each; the totals shown as badges.
    await facilitator.getByRole('button', { name: 'Go to step 3: Agree' }).click().catch(async () => {
      await facilitator.getByRole('button', { name: 'Next step →' }).click();
      await facilitator.getByRole('button', { name: 'Next step →' }).click();
    });
    for (const phone of phones) {
      await expect.poll(() => phone.page.locator('li.vote-note').count(), { timeout: 10_000 }).toBe(SUGGESTIONS.length);
      for (const text of ['One person talks at a time', 'Respect', 'Listen without judging']) {
        await phone.page.locator('li.vote-note', { hasText: text }).first().getByRole('button', { name: /^Vote for: / }).click();
      }
      await expect.poll(() => phone.page.getByText('You have used all your votes.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    await facilitator.getByRole('button', { name: /^Fit the board/ }).click();
    await shoot(facilitator, 'laptop-participant-facilitator-fit-30-notes');

    // A phone's "See the whole board" opens where the words show too, from the top-left, to pan.
    const phone = phones[0]!.page;
    await phone.getByRole('button', { name: 'See the whole board' }).click();
    const onPhone = phone.locator('[data-testid="board-canvas"]');
    await expect.poll(() => onPhone.getAttribute('data-notes'), { timeout: 15_000 }).toBe(String(SUGGESTIONS.length));
    await expect.poll(() => onPhone.getAttribute('data-lod')).toBe('full');
    await shoot(phone, 'laptop-participant-phone-whole-board');

    // The projector's "Show board": the board fitted so its words show on the wall.
    await presenter.getByRole('button', { name: 'Show board' }).click();
    const wall = presenter.locator('[data-testid="board-canvas"]');
    await expect.poll(() => wall.getAttribute('data-notes'), { timeout: 15_000 }).toBe(String(SUGGESTIONS.length));
    await expect.poll(() => wall.getAttribute('data-lod')).toBe('full');
    await shoot(presenter, 'laptop-participant-presenter-show-board');
  } finally {
    await workshop.close();
  }
});

test('a User Manual card is drawn whole on the facilitator’s board, every question with its answer', async () => {
  const workshop = await startWorkshop(browser, server.url, { title: 'Getting to know each other', method: 'User Manual', names: ['Ana', 'Ben', 'Cy'] });
  const { facilitator, phones } = workshop;
  const answers = [
    ['Face to face, plainly', 'Being talked about, not to', 'That quiet means not interested', 'Turning up, every time', 'Growing vegetables'],
    ['Text me first', 'Forms with no reason given', 'My record', 'A straight answer', 'Sign language'],
    ['Slowly, one thing at a time', 'Lateness', 'That I am angry', 'Making tea for everyone', 'How budgets work'],
  ];
  try {
    await ensureSessionPanelOpen(facilitator);
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    for (const [i, phone] of phones.entries()) {
      const boxes = phone.page.locator('.card-composer textarea');
      await expect.poll(() => boxes.count(), { timeout: 10_000 }).toBe(5);
      for (let q = 0; q < 5; q++) await boxes.nth(q).fill(answers[i]![q]!);
      await phone.page.getByRole('button', { name: 'Share my card' }).click();
      await expect.poll(() => phone.page.getByText('Your card is shared. You can take it back at any time.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    const canvas = facilitator.locator('[data-testid="board-canvas"]');
    await expect.poll(() => canvas.getAttribute('data-notes'), { timeout: 15_000 }).toBe('3');
    await facilitator.getByRole('button', { name: /^Fit the board/ }).click();
    await shoot(facilitator, 'user-manual-facilitator-cards-fit');
    // Zoomed in on Ben's card with the wheel, as someone reading it would: all five questions
    // and answers are there, nothing cut.
    const eyes = await watchBoard(workshop);
    try {
      const card = eyes.find((text) => text.includes('Sign language'));
      const at = await onScreen(facilitator, '[data-testid="board-canvas"]', { x: card.pos.x + NOTE_WIDTH / 2, y: card.pos.y + NOTE_HEIGHT / 2 });
      await facilitator.mouse.move(at.x, at.y);
      for (let i = 0; i < 8; i++) await facilitator.mouse.wheel(0, -100);
      await expect.poll(async () => Number(await canvas.getAttribute('data-zoom'))).toBeGreaterThan(1.9);
      await shoot(facilitator, 'user-manual-facilitator-card-whole');
    } finally {
      eyes.close();
    }
    // The picture of the board draws cards with the same function: whole there too.
    const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('button', { name: 'Download picture of the board' }).click()]);
    const picture = path.join(screenshotDir(), 'user-manual-picture-export.png');
    await download.saveAs(picture);
    expect(fs.statSync(picture).size).toBeGreaterThan(10_000);
  } finally {
    await workshop.close();
  }
});
