import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop, type Workshop } from '../../helpers/workshop.ts';
import { downloadPicture } from './picture.ts';

/**
 * Ladder of Participation (shared/METHODS.md) from the screens alone: four private marker rounds
 * (organisation, team, yourself, where we should be) placed on the phones, the projector showing
 * every round shown so far side by side, counts only and in words, then notes on what gets in the
 * way, with the comparison still in view and in the picture.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const RUNGS = ['1. No control', '2. Information', '3. Consultation', '4. Participation', '5. Sharing power', '6. Full control'];
/** For each marker round, the rung each of the three phones picks (1-based). */
const ROUNDS: Array<{ title: string; picks: number[] }> = [
  { title: 'Your organisation', picks: [1, 1, 2] },
  { title: 'Your team', picks: [2, 3, 3] },
  { title: 'You in your role', picks: [3, 3, 4] },
  { title: 'Where we should be', picks: [5, 5, 6] },
];

async function nextStep(w: Workshop, text: string): Promise<void> {
  await ensureSessionPanelOpen(w.facilitator);
  await w.facilitator.getByRole('button', { name: 'Next step →' }).click();
  for (const page of everyScreen(w)) await expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

async function placeMarker(phone: Page, rung: string): Promise<void> {
  const area = phone.locator('.marker-area').filter({ has: phone.getByRole('heading', { name: rung, exact: true }) });
  await area.getByRole('button', { name: 'I’m here' }).click();
  await expect.poll(() => area.getByText('Your marker is here').count(), { timeout: 10_000 }).toBe(1);
}

/** The projector's marker table: the rounds' titles, and each rung's counts as written. */
async function markerTable(presenter: Page): Promise<{ rounds: string[]; rows: string[][] }> {
  return presenter.locator('.marker-chart').evaluate((table) => ({
    rounds: [...table.querySelectorAll('thead .marker-chart__round')].map((th) => th.textContent!.trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th')!.textContent!.trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())]),
  }));
}

function people(n: number): string {
  return n === 0 ? 'Nobody' : n === 1 ? '1 person' : `${n} people`;
}

/** What the table should say once the first `upTo` rounds are shown. */
function expectedRows(upTo: number): string[][] {
  return RUNGS.map((rung, i) => [rung, ...ROUNDS.slice(0, upTo).map((r) => people(r.picks.filter((p) => p === i + 1).length))]);
}

test('Ladder of Participation: four marker rounds side by side on the projector, then notes with the comparison in view', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Who decides?', method: 'Ladder of Participation', names: ['Ana', 'Ben', ''] });
  try {
    // Step 1, the ladder: talk only.
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/Look at the ladder from "No control"/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await w.presenter.locator('.marker-chart').count()).toBe(0);

    for (const [r, round] of ROUNDS.entries()) {
      await nextStep(w, round.title);
      // The projector asks for markers; nobody's counts are out before the facilitator shows them.
      await expect.poll(() => w.presenter.getByText('Place your marker on your phone.', { exact: false }).count(), { timeout: 10_000 }).toBe(1);
      if (r > 0) expect((await markerTable(w.presenter)).rounds).toEqual(ROUNDS.slice(0, r).map((x) => x.title));
      for (const [i, phone] of w.phones.entries()) {
        await expect.poll(() => phone.page.getByRole('heading', { name: 'Place your marker' }).count(), { timeout: 10_000 }).toBe(1);
        await placeMarker(phone.page, RUNGS[round.picks[i]! - 1]!);
      }
      if (r === 0) await shoot(w.phones[0]!.page, 'ladder-of-participation-phone-place-marker');
      await ensureSessionPanelOpen(w.facilitator);
      const last = r === ROUNDS.length - 1;
      await w.facilitator.getByRole('button', { name: last ? 'Close and show totals' : 'Show totals', exact: true }).click();
      // Every round shown so far stays, side by side with this one.
      await expect.poll(() => markerTable(w.presenter), { timeout: 10_000 }).toEqual({ rounds: ROUNDS.slice(0, r + 1).map((x) => x.title), rows: expectedRows(r + 1) });
    }
    await shoot(w.presenter, 'ladder-of-participation-presenter-rounds-side-by-side');
    // The phones see counts only, never who.
    await expect.poll(() => w.phones[2]!.page.locator('.marker-area', { hasText: '5. Sharing power' }).getByText('2 people here').count()).toBe(1);
    for (const phone of w.phones) {
      const text = await phone.page.locator('main').innerText();
      for (const other of ['Ana', 'Ben']) if (other !== phone.name) expect(text).not.toContain(other);
    }

    // Step 6, what gets in the way: notes, with where we are and where we should be still in view.
    await nextStep(w, 'What is the most realistic level to work at');
    await expect.poll(() => w.presenter.getByRole('heading', { name: 'Where people placed their markers' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await markerTable(w.presenter)).toEqual({ rounds: ROUNDS.map((x) => x.title), rows: expectedRows(4) });
    // Each phone picks the rung its note is about ("Which rung is this about?"), then posts.
    const notes: Array<[string, string]> = [['Time and money', '3. Consultation'], ['Staff turnover', '2. Information'], ['Meetings in office hours', '3. Consultation']];
    for (const [i, phone] of w.phones.entries()) {
      const [text, rungTitle] = notes[i]!;
      await phone.page.getByRole('radio', { name: rungTitle, exact: true }).check();
      await phone.page.getByLabel('Your note', { exact: true }).fill(text);
      await phone.page.getByRole('button', { name: 'Post note' }).click();
      await expect.poll(() => phone.page.getByText(`Your note is on ${rungTitle}.`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await expect.poll(() => w.presenter.locator('.presenter__count').innerText(), { timeout: 10_000 }).toBe('3 notes');
    // "All notes" on the projector: every note's whole text, readable.
    await w.presenter.getByRole('button', { name: 'All notes' }).click();
    for (const [text] of notes) await expect.poll(() => w.presenter.locator('.result-note', { hasText: text }).count()).toBe(1);
    const px = await w.presenter.locator('.result-note__text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(20);
    await shoot(w.presenter, 'ladder-of-participation-presenter-all-notes');
    await w.presenter.getByRole('button', { name: 'Back to the question' }).click();
    await expect.poll(() => w.presenter.locator('.marker-chart').count()).toBe(1);

    // The picture: the ladder, and under it every round side by side.
    const picture = await downloadPicture(w.facilitator, 'ladder-of-participation-picture');
    expect(picture.width).toBeGreaterThanOrEqual(1200 * 2);
    await shoot(w.facilitator, 'ladder-of-participation-facilitator-end');
  } finally {
    await w.close();
  }
});
