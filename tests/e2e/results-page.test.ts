import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { command, createRoom, join, makeTempDir, request, type CreatedRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { openSessionTab, screenshotDir, shoot } from '../helpers/workshop.ts';

/**
 * Closing the loop (issue 19): after a Group Agreement, the facilitator publishes the "what we
 * said" page from the session panel; someone who never joined opens the link on a phone and reads
 * the notes by area and what the group agreed, with no name on it and without the hidden note.
 * The facilitator adds what happened next, which the same link shows; then takes the page down,
 * and the link says so.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let room: CreatedRoom;
const NAMES = ['Sam Oakley', 'Priya Fernhill', 'Jo Marsh'];
const HIDDEN = 'Something hurtful to hide';
const NAMED = 'One voice at a time';
const ANONYMOUS = ['Breaks when anyone needs one', 'No jargon', 'It is OK to pass'];
const NEXT = 'We took the agreement to the housing board in March. It is now printed at the start of every meeting.';

async function run(cmd: Record<string, unknown>): Promise<void> {
  const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
  expect(res.status, `${String(cmd.type)}: ${res.text}`).toBe(200);
}

/** What a reader sees of the page: its whole text. */
const pageText = (page: Page) => page.locator('body').innerText();

beforeAll(async () => {
  const created = await createRoom(server.url, { title: 'Our group agreement', template: 'group-agreement' });
  expect(created.status, created.text).toBe(201);
  room = created.body;
  const tokens: string[] = [];
  for (const name of NAMES) tokens.push((await join(server.url, room.joinCode, name)).body.participantToken as string);
  const post = async (token: string, body: Record<string, unknown>) => {
    const res = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token, body });
    expect(res.status, res.text).toBe(201);
    return res.body.noteId as string;
  };
  const named = await post(tokens[0]!, { text: NAMED });
  const anonymous: string[] = [];
  for (const [i, text] of ANONYMOUS.entries()) anonymous.push(await post(tokens[i]!, { text, anonymous: true }));
  await run({ type: 'anonymous.release' });
  const hidden = await post(tokens[1]!, { text: HIDDEN });
  await run({ type: 'note.hide', noteId: hidden });
  // "Agree": dots on the suggestions, totals shown.
  await run({ type: 'step.goto', index: 2 });
  for (const [token, noteId] of [
    [tokens[0]!, anonymous[0]!],
    [tokens[1]!, anonymous[0]!],
    [tokens[2]!, anonymous[0]!],
    [tokens[1]!, named],
    [tokens[2]!, named],
    [tokens[0]!, anonymous[2]!],
  ] as const) {
    const voted = await request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token, body: { noteId, delta: 1 } });
    expect(voted.status, voted.text).toBe(200);
  }
  await run({ type: 'voting.close', showTotals: true });
});

test('published from the panel, read on a phone with no token, later what happened next, then taken down', async () => {
  const laptop = await chromium.laptop();
  const facilitator = await laptop.newPage();
  await facilitator.goto(room.links.facilitator);
  await openSessionTab(facilitator, 'Results and export');
  const share = facilitator.getByRole('region', { name: 'Share what we said' });
  await share.getByRole('button', { name: 'Make the page' }).click();
  const linkBox = share.getByRole('textbox', { name: 'Link to the page' });
  await linkBox.waitFor({ timeout: 10_000 });
  const link = await linkBox.inputValue();
  expect(link).toMatch(new RegExp(`^${server.url}/results/[A-Za-z0-9_-]{32,}$`));
  await expect.poll(() => share.locator('.fv-share-results__qr svg').count(), { timeout: 10_000 }).toBe(1);
  await share.scrollIntoViewIfNeeded();
  await shoot(facilitator, 'results-share-panel-1280');

  // The state comes from the server: after a reload the panel shows the same link.
  await facilitator.reload();
  await openSessionTab(facilitator, 'Results and export');
  await expect(facilitator.getByRole('region', { name: 'Share what we said' }).getByRole('textbox', { name: 'Link to the page' }).inputValue()).resolves.toBe(link);

  // Someone who never joined, on a phone: nothing stored, no token, no websocket.
  const phoneContext = await chromium.phone();
  const phone = await phoneContext.newPage();
  const sockets: string[] = [];
  phone.on('websocket', (ws) => sockets.push(ws.url()));
  await phone.goto(link);
  await phone.getByRole('heading', { level: 1, name: 'Our group agreement' }).waitFor({ timeout: 15_000 });
  expect(await phone.evaluate(() => Object.keys(localStorage).filter((k) => /token|session/i.test(k)))).toEqual([]);
  const text = await pageText(phone);
  for (const note of [NAMED, ...ANONYMOUS]) expect(text).toContain(note);
  expect(text).toContain('What we said');
  expect(text).toContain('What we agreed');
  expect(text).not.toContain(HIDDEN);
  for (const name of NAMES) for (const part of name.split(' ')) expect(text).not.toContain(part);
  // What the group agreed, as the presenter's bar chart: most dots first, each count written.
  const agreed = phone.getByRole('list', { name: 'What we agreed' });
  await expect(agreed.locator('.vote-bars__label').allTextContents()).resolves.toEqual([ANONYMOUS[0], NAMED, ANONYMOUS[2]]);
  await expect(agreed.locator('.vote-bars__value').allTextContents()).resolves.toEqual(['3 votes', '2 votes', '1 vote']);
  await expect(phone.getByRole('region', { name: 'Suggestions' }).locator('.results-print__note').count()).resolves.toBe(4);
  await expect.poll(() => phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(phone)).toEqual([]);
  expect(sockets).toEqual([]);
  await shoot(phone, 'results-page');

  // Printed: no buttons or links bar, each area on a page of its own.
  await phone.emulateMedia({ media: 'print' });
  await expect(phone.locator('.results-page__bar').isVisible()).resolves.toBe(false);
  const pdf = path.join(makeTempDir('tributary-results-pdf-'), 'results.pdf');
  await phone.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const note of [NAMED, ...ANONYMOUS, 'What we agreed', 'What we said']) expect(printed).toContain(note);
  expect(printed).not.toContain('Print this page');
  fs.mkdirSync(screenshotDir(), { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(screenshotDir(), 'results-page-print')]);
  await phone.emulateMedia({ media: 'screen' });

  // What happened next: written later, the same link shows it.
  const panel = facilitator.getByRole('region', { name: 'Share what we said' });
  await panel.getByRole('textbox', { name: 'What happened next' }).fill(NEXT);
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText('Saved. The page shows it now.').waitFor();
  await phone.reload();
  const next = phone.getByRole('region', { name: 'What happened next' });
  await next.waitFor({ timeout: 15_000 });
  await expect(next.textContent()).resolves.toContain(NEXT);
  expect(await axeViolations(phone)).toEqual([]);

  // Taken down: the same link says so at once.
  await panel.getByRole('button', { name: 'Take the page down' }).click();
  await panel.getByText('The link stops working at once.', { exact: false }).waitFor();
  await panel.getByRole('button', { name: 'Take the page down' }).click();
  await panel.getByText('The page is down.', { exact: false }).waitFor();
  await expect(panel.getByRole('button', { name: 'Make the page' }).isVisible()).resolves.toBe(true);
  await phone.reload();
  await phone.getByText('This page was taken down by the facilitator.').waitFor({ timeout: 15_000 });
  const after = await pageText(phone);
  expect(after).not.toContain(NAMED);
  expect(after).not.toContain(NEXT);
});
