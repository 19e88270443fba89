import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { everyScreen, shoot, startWorkshop } from '../../helpers/workshop.ts';
import { nextStep, notesUnder, screenText } from './screens.ts';

/**
 * Recovery River (shared/METHODS.md) from the screens alone: the facilitator describes one open
 * stage on the home page and leaves the others, three phones mark where they are, then pick a
 * stage for each note in steps 3 to 5. Every step checks what the phones, the facilitator and the
 * projector show.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const SOURCE = 'Things are hard and nobody is listening yet.';
/** The words Recovery River's open stages once carried: they must never reach anyone. */
const PLACEHOLDER = /name and describe|placeholder/i;

/** A phone posts a note about a stage: picks it (unless already picked), writes, posts, and is told where it went. */
async function postOnStage(phone: Page, stage: string, note: string): Promise<void> {
  const radio = phone.getByRole('radio', { name: stage, exact: true });
  if (!(await radio.isChecked())) await radio.check();
  await phone.getByLabel('Your note', { exact: true }).fill(note);
  await phone.getByRole('button', { name: 'Post note' }).click();
  await expect.poll(() => phone.getByText(`Your note is on ${stage}.`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

/** The facilitator's list view: the notes under one stage's heading. */
const notesUnderStage = (facilitator: Page, stage: string) => notesUnder(facilitator, new RegExp(`^${stage.replace('.', '\\.')}`));

test('Recovery River from the screens: stages described or left plain, markers, and every note on the stage its writer picked', async () => {
  const w = await startWorkshop(browser, server.url, {
    title: 'River of recovery',
    method: 'Recovery River',
    describe: { '1. The source': SOURCE },
    onForm: async (home) => {
      // The home page asks about the four open stages, each optional; only stage 1 is written.
      for (const stage of ['1. The source', '2. Upstream', '3. The rapids', '4. Calmer water']) await expect(home.getByLabel(stage, { exact: true }).count()).resolves.toBe(1);
      // "Skip this for now" folds the boxes away; "Describe them now" brings back what was written.
      await home.getByRole('button', { name: 'Skip this for now' }).click();
      await expect.poll(() => home.getByText(/You skipped describing 4 parts of Recovery River/).count()).toBe(1);
      expect(await home.getByLabel('2. Upstream', { exact: true }).count()).toBe(0);
      await home.getByRole('button', { name: 'Describe them now' }).click();
      expect(await home.getByLabel('1. The source', { exact: true }).inputValue()).toBe(SOURCE);
      await home.getByLabel('1. The source', { exact: true }).scrollIntoViewIfNeeded();
      await shoot(home, 'recovery-river-home-describe-stages');
    },
    names: ['Ana', 'Ben', ''],
  });
  const [ana, ben, cas] = w.phones.map((p) => p.page) as [Page, Page, Page];
  try {
    // Step 1, look at the river: talk only. No screen shows a placeholder; stage 1 carries the facilitator's words.
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/Look at the river from its source/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const phone of [ana, ben, cas]) expect(await phone.getByText('This step is for talking. No notes for now.').count()).toBe(1);
    await ana.getByRole('button', { name: 'See the whole board' }).click();
    await ana.getByRole('button', { name: 'Show as list' }).click();
    await expect.poll(() => screenText(ana), { timeout: 10_000 }).toContain('1. The source');
    await ana.getByRole('button', { name: /^Back/ }).click();

    // Step 2, markers on the phones; the facilitator shows the totals and the projector counts.
    await nextStep(w, /place a marker on the stage where you feel you are/);
    for (const phone of [ana, ben, cas]) await expect.poll(() => phone.getByRole('button', { name: 'I’m here' }).count()).toBe(6);
    // The phone's stage list carries the facilitator's words for stage 1, and nothing for stages 2 to 4.
    expect(await ana.locator('.marker-area', { hasText: '1. The source' }).innerText()).toContain(SOURCE);
    const where: Array<[Page, string]> = [
      [ana, '5. The river'],
      [ben, '1. The source'],
      [cas, '5. The river'],
    ];
    for (const [phone, stage] of where) {
      await phone.locator('.marker-area', { hasText: stage }).getByRole('button', { name: 'I’m here' }).click();
      await expect.poll(() => phone.getByText(`Your marker is on ${stage}.`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await shoot(ana, 'recovery-river-phone-marker-placed');
    await w.facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    const markers = w.presenter.locator('.marker-chart');
    await expect.poll(() => markers.innerText().catch(() => ''), { timeout: 10_000 }).toContain('2 people');
    expect(await markers.locator('tr', { hasText: '5. The river' }).innerText()).toContain('2 people');
    expect(await markers.locator('tr', { hasText: '1. The source' }).innerText()).toContain('1 person');
    await shoot(w.presenter, 'recovery-river-presenter-markers');

    // Steps 3 to 5: each phone asks "Which stage is this about?" with the six stages.
    await nextStep(w, /Pick a stage and add notes to it/);
    for (const phone of [ana, ben, cas]) {
      await expect.poll(() => phone.getByRole('group', { name: 'Which stage is this about?' }).count(), { timeout: 10_000 }).toBe(1);
      expect(await phone.getByRole('group', { name: 'Which stage is this about?' }).getByRole('radio').count()).toBe(6);
    }
    // Posting without a pick says what is missing, and the note stays in the box.
    await ben.getByLabel('Your note', { exact: true }).fill('Letters nobody can read');
    await ben.getByRole('button', { name: 'Post note' }).click();
    await expect.poll(() => ben.getByRole('alert').filter({ hasText: 'Pick the stage your note is about first.' }).count()).toBe(1);
    expect(await ben.getByLabel('Your note', { exact: true }).inputValue()).toBe('Letters nobody can read');
    await shoot(ben, 'recovery-river-phone-pick-stage-missing');
    await postOnStage(ben, '1. The source', 'Letters nobody can read');
    await postOnStage(ana, '3. The rapids', 'Meetings too early in the day');
    // The pick is remembered in the step: Ana's next note goes to the same stage without asking again.
    expect(await ana.getByRole('radio', { name: '3. The rapids', exact: true }).isChecked()).toBe(true);
    await postOnStage(ana, '3. The rapids', 'Crowded rooms');
    await postOnStage(cas, '6. The ocean', 'Too busy to come every week');
    await shoot(ana, 'recovery-river-phone-pick-stage');
    await expect.poll(() => w.presenter.getByText('4 notes').count(), { timeout: 10_000 }).toBe(1);

    await nextStep(w, /What support or adjustments might be needed/);
    // A new step starts with no stage picked.
    for (const phone of [ana, ben, cas]) {
      await expect.poll(() => phone.getByRole('group', { name: 'Which stage is this about?' }).getByRole('radio', { checked: true }).count()).toBe(0);
    }
    await postOnStage(ana, '3. The rapids', 'A quiet room to step out to');
    await postOnStage(ben, '2. Upstream', 'Someone to come with you');
    await postOnStage(cas, '4. Calmer water', 'Travel paid up front');

    await nextStep(w, /What activities or ways of working are safe/);
    await postOnStage(ana, '5. The river', 'Peer-led training');
    await postOnStage(ben, '1. The source', 'One-to-one chats');
    await postOnStage(cas, '6. The ocean', 'Chairing a meeting');
    await expect.poll(() => w.presenter.getByText('10 notes').count(), { timeout: 10_000 }).toBe(1);

    // The facilitator's list shows each note under the stage its writer picked: none "not in an area".
    await w.facilitator.getByRole('button', { name: 'List', exact: true }).click();
    await expect.poll(() => notesUnderStage(w.facilitator, '3. The rapids'), { timeout: 10_000 }).toContain('Crowded rooms');
    const rapids = await notesUnderStage(w.facilitator, '3. The rapids');
    for (const note of ['Meetings too early in the day', 'Crowded rooms', 'A quiet room to step out to']) expect(rapids).toContain(note);
    for (const note of ['Letters nobody can read', 'One-to-one chats']) expect(await notesUnderStage(w.facilitator, '1. The source')).toContain(note);
    for (const note of ['Too busy to come every week', 'Chairing a meeting']) expect(await notesUnderStage(w.facilitator, '6. The ocean')).toContain(note);
    expect(await screenText(w.facilitator)).not.toMatch(/Outside the areas/);
    await w.facilitator.getByRole('button', { name: 'Canvas', exact: true }).click();
    await shoot(w.facilitator, 'recovery-river-facilitator-notes-on-stages');
    // Closer in, where the words show: every note sits under its stage's title and marker count.
    await w.facilitator.locator('.fv-btn--session').click();
    for (let i = 0; i < 3; i++) await w.facilitator.getByRole('button', { name: /^Zoom in/ }).click();
    await shoot(w.facilitator, 'recovery-river-facilitator-zoomed-in');

    // Step 6, talk: no note box on any phone.
    await nextStep(w, /How possible does it feel to support people/);
    for (const phone of [ana, ben, cas]) {
      expect(await phone.getByText('This step is for talking. No notes for now.').count()).toBe(1);
      expect(await phone.getByRole('group', { name: 'Which stage is this about?' }).count()).toBe(0);
    }
    await shoot(w.presenter, 'recovery-river-presenter-talk');
    for (const page of everyScreen(w)) expect(await screenText(page)).not.toMatch(PLACEHOLDER);
  } finally {
    await w.close();
  }
});
