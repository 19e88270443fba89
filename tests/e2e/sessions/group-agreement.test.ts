import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop } from '../../helpers/workshop.ts';
import { nextStep, notesUnder, voteBars, writeNote } from './screens.ts';

/**
 * Group agreement (shared/METHODS.md) from the screens alone: suggestions from three phones land in
 * the Suggestions area (never on its title or over each other), the group talks, then dots on the
 * phones, counted on the projector.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const SUGGESTIONS: Array<[number, string]> = [
  [0, 'One person talks at a time'],
  [1, 'It is OK to step out'],
  [2, 'No jargon'],
  [0, 'Phones on silent'],
  [1, 'What is said here stays here'],
  [2, 'Breaks every hour'],
];

test('Group agreement from the screens: suggestions in their area, talk, dots on the phones, totals on the projector', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'How we work together', method: 'Group Agreement', names: ['Ana', 'Ben', ''] });
  const phones = w.phones.map((p) => p.page) as [Page, Page, Page];
  try {
    // Step 1, suggest: every phone has the note box; each note lands in Suggestions.
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/How do we want to work together\? For example/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const [who, text] of SUGGESTIONS) {
      const phone = phones[who]!;
      await writeNote(phone, text);
      await expect.poll(() => phone.getByText('Your note is on Suggestions.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await expect.poll(() => w.presenter.getByText('6 notes').count(), { timeout: 10_000 }).toBe(1);
    await shoot(phones[0], 'group-agreement-phone-suggest');
    await w.facilitator.getByRole('button', { name: 'List', exact: true }).click();
    await expect.poll(() => notesUnder(w.facilitator, /^Suggestions/), { timeout: 10_000 }).toContain('Breaks every hour');
    const listed = await notesUnder(w.facilitator, /^Suggestions/);
    for (const [, text] of SUGGESTIONS) expect(listed).toContain(text);
    await w.facilitator.getByRole('button', { name: 'Canvas', exact: true }).click();
    await shoot(w.facilitator, 'group-agreement-facilitator-suggestions');

    // Step 2, talk it through: no note box on any phone.
    await nextStep(w, /Read the suggestions together/);
    // Each phone shows the suggestions whole, to read together (the projector is far away).
    for (const phone of phones) {
      expect(await phone.getByLabel('Your note', { exact: true }).count()).toBe(0);
      await expect.poll(() => phone.getByText(/What the group wrote is below, to read together/).count(), { timeout: 10_000 }).toBe(1);
      const toRead = phone.locator('.area-to-read');
      await expect.poll(() => toRead.innerText().catch(() => ''), { timeout: 10_000 }).toContain('Breaks every hour');
      const read = await toRead.innerText();
      for (const [, text] of SUGGESTIONS) expect(read).toContain(text);
    }
    await shoot(phones[1], 'group-agreement-phone-read');

    // Step 3, agree: dots on the phones.
    await nextStep(w, /Put your dots on the suggestions you want/);
    for (const phone of phones) await expect.poll(() => phone.locator('.vote-note').count(), { timeout: 10_000 }).toBe(6);
    const give = async (phone: Page, text: string, left: string) => {
      await phone.locator('.vote-note', { hasText: text }).getByRole('button', { name: /^Vote for: / }).click();
      await expect.poll(() => phone.getByText(left).count(), { timeout: 10_000 }).toBe(1);
    };
    for (const phone of phones) {
      await give(phone, 'It is OK to step out', 'You have 2 votes.');
      await give(phone, 'No jargon', 'You have 1 vote.');
    }
    await give(phones[0], 'It is OK to step out', 'You have used all your votes.');
    await shoot(phones[0], 'group-agreement-phone-votes');
    // Nobody sees totals before the facilitator shows them.
    expect(await w.presenter.locator('.vote-bars__row').count()).toBe(0);
    await ensureSessionPanelOpen(w.facilitator);
    await w.facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    // The projector: bars with their numbers written, most votes first.
    await expect.poll(() => voteBars(w.presenter), { timeout: 10_000 }).toContain('It is OK to step out = 4 votes');
    const bars = await voteBars(w.presenter);
    expect(bars.slice(0, 2)).toEqual(['It is OK to step out = 4 votes', 'No jargon = 3 votes']);
    for (const phone of phones) await expect.poll(() => phone.locator('.vote-note', { hasText: 'It is OK to step out' }).innerText(), { timeout: 10_000 }).toContain('4 votes in all');
    await shoot(w.presenter, 'group-agreement-presenter-totals');
  } finally {
    await w.close();
  }
});
