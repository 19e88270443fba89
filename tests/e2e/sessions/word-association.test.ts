import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop, type Workshop } from '../../helpers/workshop.ts';
import { downloadPicture } from './picture.ts';

/**
 * Word Association (shared/METHODS.md) from the screens alone: a facilitator laptop, three phones
 * and the projector. Words written privately are revealed as a word cloud (duplicates merged:
 * "Support", "support!" and "SUPPORT" are one word written three times), the phones vote on one
 * entry per word, and the projector shows the votes as bars with their numbers.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const WORDS: Record<string, string[]> = {
  Ana: ['Support', 'hope', 'Fear'],
  Ben: ['support!', 'Hopes', 'stigma'],
  '': ['SUPPORT', 'co-production', 'Stigma'],
};

async function nextStep(w: Workshop, title: string): Promise<void> {
  await ensureSessionPanelOpen(w.facilitator);
  await w.facilitator.getByRole('button', { name: 'Next step →' }).click();
  for (const page of everyScreen(w)) await expect.poll(() => page.getByText(title).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

async function postWord(phone: Page, word: string, written: number): Promise<void> {
  await phone.getByLabel('Your note').fill(word);
  await phone.getByRole('button', { name: 'Post note' }).click();
  await expect.poll(() => phone.getByText(`${written} of 5 notes written for this step.`).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

/** The words of the projector's cloud as shown, with their "×n" counts. */
async function cloudWords(presenter: Page): Promise<string[]> {
  return presenter.locator('.word-cloud__word').evaluateAll((items) =>
    items.map((li) => `${li.querySelector('.word-cloud__text')?.textContent ?? ''}${li.querySelector('.word-cloud__count')?.textContent ?? ''}`),
  );
}

test('Word Association: private words, a word cloud of merged duplicates, one vote entry per word, vote bars', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Mental health words', method: 'Word Association', names: ['Ana', 'Ben', ''] });
  try {
    // Step 1, the topic: every screen shows it; the projector says how many words, never "notes".
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/Our topic today is: mental health/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => w.presenter.locator('.presenter__count').innerText()).toBe('No words yet');

    // Step 2, private writing: up to five words each, nobody sees them yet.
    await nextStep(w, 'Write up to five words about the topic');
    for (const phone of w.phones) await expect.poll(() => phone.page.getByText('0 of 5 notes written for this step.').count()).toBeGreaterThan(0);
    for (const phone of w.phones) {
      for (const [i, word] of WORDS[phone.name]!.entries()) await postWord(phone.page, word, i + 1);
    }
    await expect.poll(() => w.presenter.locator('.presenter__count').innerText(), { timeout: 10_000 }).toBe('No words yet · 9 waiting to be revealed');
    expect(await w.presenter.locator('.word-cloud').count()).toBe(0);
    // A phone sees only its own words.
    expect(await w.phones[0]!.page.getByText('stigma', { exact: true }).count()).toBe(0);
    await shoot(w.phones[0]!.page, 'word-association-phone-private-words');

    // The reveal: the projector shows the words as a cloud, duplicates merged, counts in text.
    await ensureSessionPanelOpen(w.facilitator);
    await w.facilitator.getByRole('button', { name: 'Reveal all notes' }).click();
    await w.facilitator.getByRole('button', { name: 'Yes, reveal all notes' }).click();
    await expect.poll(() => w.presenter.locator('.presenter__count').innerText(), { timeout: 10_000 }).toBe('9 words');
    await expect.poll(() => cloudWords(w.presenter), { timeout: 10_000 }).toHaveLength(5);
    const cloud = await cloudWords(w.presenter);
    expect(cloud).toEqual(expect.arrayContaining(['Support×3', 'hope×2', 'stigma×2', 'Fear', 'co-production']));
    // The most written word is the largest; a word written once is the smallest, and still readable.
    const size = (text: string) => w.presenter.locator('.word-cloud__word', { hasText: new RegExp(`^${text}`) }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await size('Support')).toBeGreaterThan(await size('hope'));
    expect(await size('hope')).toBeGreaterThan(await size('Fear'));
    expect(await size('Fear')).toBeGreaterThanOrEqual(28);
    expect(await w.presenter.getByText(/\d+ notes?\b/).allInnerTexts()).toEqual([]);
    await shoot(w.presenter, 'word-association-presenter-word-cloud');

    // Step 3, looking together: the phones list the words once each, the projector keeps the cloud.
    await nextStep(w, 'Which words come up more than once?');
    for (const phone of w.phones) await expect.poll(() => phone.page.getByText('Words so far').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => w.phones[1]!.page.locator('.words__item').count()).toBe(5);
    await expect.poll(() => cloudWords(w.presenter)).toHaveLength(5);

    // Step 4, themes: the facilitator's board holds every word; the projector still shows the cloud.
    await nextStep(w, 'move words that belong together into a theme');
    await expect.poll(() => cloudWords(w.presenter)).toHaveLength(5);

    // Step 5, the vote: one entry per word on every phone, copies' votes counted for the word.
    await nextStep(w, 'Put your dots on the words or themes');
    for (const phone of w.phones) await expect.poll(() => phone.page.locator('.vote-note').count(), { timeout: 10_000 }).toBe(5);
    const entry = (page: Page, word: RegExp) => page.locator('.vote-note').filter({ has: page.locator('.my-note__text', { hasText: word }) });
    // "Support", "support!" and "SUPPORT" are one entry.
    await expect.poll(() => entry(w.phones[0]!.page, /^support/i).count()).toBe(1);
    await shoot(w.phones[0]!.page, 'word-association-phone-vote-one-entry-per-word');
    const give = async (page: Page, word: RegExp, times: number) => {
      for (let i = 0; i < times; i++) {
        await entry(page, word).getByRole('button', { name: /^Vote for: / }).click();
        await expect.poll(() => entry(page, word).getByText(/^Your votes: /).innerText(), { timeout: 10_000 }).toBe(`Your votes: ${i + 1}`);
      }
    };
    await give(w.phones[0]!.page, /^support/i, 2);
    await give(w.phones[0]!.page, /^hope/i, 1);
    await give(w.phones[1]!.page, /^support/i, 1);
    await give(w.phones[1]!.page, /^stigma/i, 2);
    await give(w.phones[2]!.page, /^support/i, 1);
    // Taking a vote back from a merged word takes it from the copy it went to.
    await entry(w.phones[2]!.page, /^support/i).getByRole('button', { name: /^Take back a vote from: / }).click();
    await expect.poll(() => entry(w.phones[2]!.page, /^support/i).getByText('No votes from you yet').count(), { timeout: 10_000 }).toBe(1);
    await give(w.phones[2]!.page, /^support/i, 1);
    await expect.poll(() => w.presenter.getByText('Voting is open. Vote on your phone.', { exact: false }).count()).toBe(1);

    await ensureSessionPanelOpen(w.facilitator);
    await w.facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    // The projector: bars with their numbers written, one per word, most votes first.
    await expect.poll(() => w.presenter.locator('.vote-bars__row').count(), { timeout: 10_000 }).toBe(3);
    const bars = await w.presenter.locator('.vote-bars__row').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('.vote-bars__label')?.textContent} = ${r.querySelector('.vote-bars__value')?.textContent}`),
    );
    expect(bars).toEqual(['Support = 4 votes', 'stigma = 2 votes', 'hope = 1 vote']);
    await expect.poll(() => w.presenter.getByRole('heading', { name: 'Votes for each word' }).count()).toBe(1);
    // The phones: the same totals, once per word.
    await expect.poll(() => entry(w.phones[1]!.page, /^support/i).getByText('4 votes in all').count(), { timeout: 10_000 }).toBe(1);
    await shoot(w.presenter, 'word-association-presenter-vote-bars');
    await shoot(w.phones[1]!.page, 'word-association-phone-vote-totals');
    await shoot(w.facilitator, 'word-association-facilitator-after-vote');

    // The picture the facilitator downloads carries the board and, under it, the cloud and the bars.
    const picture = await downloadPicture(w.facilitator, 'word-association-picture');
    // The results under the board are at least 1200 board units wide, at twice the resolution.
    expect(picture.width).toBeGreaterThanOrEqual(1200 * 2);
  } finally {
    await w.close();
  }
});
