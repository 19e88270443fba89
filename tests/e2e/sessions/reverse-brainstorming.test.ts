import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop } from '../../helpers/workshop.ts';
import { nextStep, notesUnder, voteBars, writeNote } from './screens.ts';

/**
 * Reverse Brainstorming (shared/METHODS.md) from the screens alone: the problem, anonymous worst
 * ideas, each phone turning a worst idea it picks into a solution linked to it, and a vote that
 * lists and counts only the solutions. Every step checks the phones, the facilitator and the projector.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const WORST = ['Use lots of jargon', 'Never pay anyone for their time', 'Hold meetings at 8 in the morning'];
const FLIP = 'Which worst idea does your note turn around?';

test('Reverse Brainstorming from the screens: worst ideas without names, each flip linked to the idea it turns around, a vote on the solutions alone', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Co-production upside down', method: 'Reverse Brainstorming', names: ['Ana', 'Ben', ''] });
  const [ana, ben, cas] = w.phones.map((p) => p.page) as [Page, Page, Page];
  try {
    // Step 1, the problem: talk only.
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/how do we support services to do co-production/i).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // A talking step about the problem's area: the phone shows it to read together, with no note box.
    for (const phone of [ana, ben, cas]) {
      await expect.poll(() => phone.getByText('This step is for talking. What the group wrote is below, to read together.').count(), { timeout: 10_000 }).toBe(1);
      expect(await phone.getByLabel('Your note', { exact: true }).count()).toBe(0);
    }

    // Step 2, worst ideas: anonymous, out together once three people have written.
    await nextStep(w, /how do we make sure services don.t do co-production/i);
    for (const phone of [ana, ben, cas]) expect(await phone.getByText(/Notes in this step are anonymous/).count()).toBe(1);
    for (const [i, phone] of [ana, ben, cas].entries()) await writeNote(phone, WORST[i]!);
    await expect.poll(() => w.presenter.getByText('3 notes').count(), { timeout: 15_000 }).toBe(1);
    await w.facilitator.getByRole('button', { name: 'List', exact: true }).click();
    await expect.poll(() => notesUnder(w.facilitator, /^Worst ideas/), { timeout: 10_000 }).toContain(WORST[0]);
    const worstList = await notesUnder(w.facilitator, /^Worst ideas/);
    for (const idea of WORST) expect(worstList).toContain(idea);
    // No name on any of them, anywhere.
    for (const name of ['Ana', 'Ben']) expect(worstList).not.toContain(name);

    // Step 3, turn them around: each phone offers the worst ideas to pick from.
    await nextStep(w, /Pick a worst idea and write its opposite/);
    for (const phone of [ana, ben, cas]) {
      const group = phone.getByRole('group', { name: FLIP });
      await expect.poll(() => group.getByRole('radio').count(), { timeout: 10_000 }).toBe(3);
      for (const idea of WORST) expect(await group.getByRole('radio', { name: idea }).count()).toBe(1);
    }
    // Without a pick, the phone says what is missing.
    await writeNote(ana, 'Plain words, and a glossary');
    await expect.poll(() => ana.getByRole('alert').filter({ hasText: 'Pick the worst idea your note turns around first.' }).count()).toBe(1);
    await ana.getByRole('group', { name: FLIP }).getByRole('radio', { name: WORST[0] }).check();
    await shoot(ana, 'reverse-brainstorming-phone-pick-worst-idea');
    await ana.getByRole('button', { name: 'Post note' }).click();
    await expect.poll(() => ana.getByText(/Your note is on Turned around: solutions, linked to the worst idea it turns around\./).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await ben.getByRole('group', { name: FLIP }).getByRole('radio', { name: WORST[1] }).check();
    await writeNote(ben, 'Pay people for their time, on the day');
    await cas.getByRole('group', { name: FLIP }).getByRole('radio', { name: WORST[2] }).check();
    await writeNote(cas, 'Meet after lunch, near a bus stop');
    await expect.poll(() => w.presenter.getByText('6 notes').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => notesUnder(w.facilitator, /^Turned around: solutions/), { timeout: 10_000 }).toContain('Meet after lunch');
    const solutions = await notesUnder(w.facilitator, /^Turned around: solutions/);
    for (const flip of ['Plain words, and a glossary', 'Pay people for their time, on the day', 'Meet after lunch, near a bus stop']) expect(solutions).toContain(flip);
    expect(await notesUnder(w.facilitator, /^Worst ideas/)).not.toContain('Plain words');
    await w.facilitator.getByRole('button', { name: 'Canvas', exact: true }).click();
    await w.facilitator.getByRole('button', { name: 'Fit' }).click();
    await shoot(w.facilitator, 'reverse-brainstorming-facilitator-linked-solutions');

    // Step 4, vote: only the solutions are listed, each with the worst idea it turns around.
    await nextStep(w, /Put your dots on the solutions/);
    for (const phone of [ana, ben, cas]) {
      await expect.poll(() => phone.locator('.vote-note').count(), { timeout: 10_000 }).toBe(3);
      for (const idea of WORST) expect(await phone.locator('.vote-note .my-note__text').filter({ hasText: idea }).count()).toBe(0);
    }
    const glossary = ana.locator('.vote-note', { hasText: 'Plain words, and a glossary' });
    expect(await glossary.innerText()).toContain(`Turns around: “${WORST[0]}”`);
    await shoot(ana, 'reverse-brainstorming-phone-vote-solutions');
    for (const phone of [ana, ben, cas]) {
      await phone.locator('.vote-note', { hasText: 'Pay people for their time' }).getByRole('button', { name: /^Vote for: / }).click();
      await expect.poll(() => phone.getByText('You have 2 votes.').count(), { timeout: 10_000 }).toBe(1);
    }
    await ana.locator('.vote-note', { hasText: 'Meet after lunch' }).getByRole('button', { name: /^Vote for: / }).click();
    await expect.poll(() => ana.getByText('You have 1 vote.').count(), { timeout: 10_000 }).toBe(1);
    await ensureSessionPanelOpen(w.facilitator);
    await w.facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    // The projector's vote bars have only solutions, most votes first.
    await expect.poll(() => voteBars(w.presenter), { timeout: 10_000 }).toEqual(['Pay people for their time, on the day = 3 votes', 'Meet after lunch, near a bus stop = 1 vote']);
    const bars = (await voteBars(w.presenter)).join(' ');
    expect(bars).not.toMatch(new RegExp(WORST.join('|')));
    expect(bars.indexOf('Pay people')).toBeLessThan(bars.indexOf('Meet after lunch'));
    await expect.poll(() => ana.locator('.vote-note', { hasText: 'Pay people for their time' }).innerText(), { timeout: 10_000 }).toContain('3 votes in all');
    await shoot(w.presenter, 'reverse-brainstorming-presenter-top-solutions');
  } finally {
    await w.close();
  }
});
