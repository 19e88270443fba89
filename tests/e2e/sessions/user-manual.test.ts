import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, everyScreen, shoot, startWorkshop, type Workshop } from '../../helpers/workshop.ts';
import { downloadPicture } from './picture.ts';

/**
 * User Manual (shared/METHODS.md) from the screens alone: each person fills in a card on their
 * phone and shares it without their name; in "Read the cards" the projector shows every card
 * whole (every question and answer, never only the first), readable, naming nobody; the picture
 * carries the cards whole too.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const PROMPTS = ['How best to communicate with me…', "I don't have patience for…", 'One thing people misunderstand about me is…', 'You can count on me for…', "I'd love to learn more about…"];
/** Each phone's answers, one per prompt ('' leaves a question empty). */
const ANSWERS: Record<string, string[]> = {
  Ana: ['Face to face, and give me time to think.', 'Being talked over.', 'That quiet means I have nothing to say.', 'Turning up, every time.', 'Gardening'],
  Ben: ['Text first, then call.', 'Jargon and acronyms.', '', 'Honest feedback.', 'How budgets are decided'],
  Cas: ['Slowly, one thing at a time.', 'Forms that ask the same thing twice.', 'My past is not all of me.', 'Making the tea and making people welcome.', 'Peer support training'],
};

async function nextStep(w: Workshop, text: string): Promise<void> {
  await ensureSessionPanelOpen(w.facilitator);
  await w.facilitator.getByRole('button', { name: 'Next step →' }).click();
  for (const page of everyScreen(w)) await expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

async function fillCard(phone: Page, answers: string[]): Promise<void> {
  for (const [i, prompt] of PROMPTS.entries()) if (answers[i]) await phone.getByLabel(prompt, { exact: true }).fill(answers[i]!);
}

/** Each card the projector shows: its questions and answers, in order. */
async function shownCards(presenter: Page): Promise<string[][]> {
  return presenter.locator('.result-note--card').evaluateAll((cards) =>
    cards.map((card) => [...card.querySelectorAll('.result-card__part')].map((part) => `${part.querySelector('dt')?.textContent ?? ''} = ${part.querySelector('dd')?.textContent ?? ''}`)),
  );
}

test('User Manual: cards filled on phones, shared without names, shown whole on the projector and in the picture', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Getting to know us', method: 'User Manual', names: ['Ana', 'Ben', 'Cas'] });
  try {
    // Step 1, in pairs: the card can be filled in, not shared yet.
    for (const page of everyScreen(w)) await expect.poll(() => page.getByText(/In pairs, ask each other the questions/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const phone of w.phones) {
      await expect.poll(() => phone.page.getByText('You can fill in your card now. Sharing opens in a later step.').count(), { timeout: 10_000 }).toBe(1);
      await fillCard(phone.page, ANSWERS[phone.name]!);
    }

    // Step 2, share: each person shares their card without their name.
    await nextStep(w, 'Fill in your card. Nothing is shared until you press Share.');
    for (const phone of w.phones) {
      await phone.page.getByRole('radio', { name: 'Without my name' }).check();
      await phone.page.getByRole('button', { name: 'Share my card' }).click();
      await expect.poll(() => phone.page.getByRole('button', { name: 'Take my card back' }).count(), { timeout: 10_000 }).toBe(1);
    }
    // Three people's cards go up together, without names.
    await expect.poll(() => w.presenter.locator('.presenter__count').innerText(), { timeout: 15_000 }).toBe('3 notes');
    await shoot(w.phones[0]!.page, 'user-manual-phone-card-shared');

    // Step 3, read the cards: the projector shows every card whole, every question and answer.
    await nextStep(w, 'Read the cards people shared.');
    await expect.poll(() => w.presenter.locator('.result-note--card').count(), { timeout: 10_000 }).toBe(3);
    const cards = await shownCards(w.presenter);
    const expected = Object.values(ANSWERS).map((answers) => PROMPTS.flatMap((prompt, i) => (answers[i] ? [`${prompt} = ${answers[i]}`] : [])));
    expect(cards).toHaveLength(3);
    for (const card of expected) expect(cards).toContainEqual(card);
    // Readable from the back of the room: no card text under 20 px.
    const sizes = await w.presenter.locator('.result-card dt, .result-card dd').evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(20);
    // Nothing on the projector names the people who shared without a name.
    const screenText = await w.presenter.locator('body').innerText();
    expect(screenText).not.toContain('Ana');
    expect(screenText).not.toContain('Ben');
    expect(screenText).not.toContain('Cas');
    await shoot(w.presenter, 'user-manual-presenter-cards-whole');

    // The picture: the board and, under it, every card whole.
    const picture = await downloadPicture(w.facilitator, 'user-manual-picture');
    expect(picture.width).toBeGreaterThanOrEqual(1200 * 2);
    await shoot(w.facilitator, 'user-manual-facilitator-read-cards');
  } finally {
    await w.close();
  }
});
