import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { laptopContext, phoneContext, screenshot } from '../helpers/browser.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * Issue 3 as people do it: the facilitator adds a private-writing step and a voting step, two
 * people write on their phones, nobody sees anyone else's note until the reveal, then everyone
 * votes and the facilitator shows the totals.
 */
describe('a facilitated session, end to end', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;
  let facilitator: Page;
  const phones: Page[] = [];
  const texts = [`Somewhere quiet to wait ${Date.now()}`, `Someone who explains the letters ${Date.now()}`];

  beforeAll(async () => {
    browser = await chromium.browser();
    facilitator = await (await laptopContext(browser)).newPage();
    for (let i = 0; i < 2; i++) phones.push(await (await phoneContext(browser)).newPage());
  });

  const notesOnBoard = () => facilitator.locator('[data-testid="board-canvas"]').getAttribute('data-notes');

  async function addStep(title: string, question: string, mode: string) {
    const form = facilitator.getByRole('form', { name: 'Add a step' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Question').fill(question);
    await form.getByLabel('How notes work').selectOption({ label: mode });
    await form.getByRole('button', { name: 'Add step' }).click();
    await expect.poll(() => facilitator.locator('.fv-steps li', { hasText: title }).count()).toBe(1);
  }

  test('private writing, reveal, vote, totals', async () => {
    await facilitator.goto(`${server.url}/`);
    await facilitator.getByLabel('Name of the session (optional)').fill('What helps');
    await facilitator.getByRole('button', { name: 'Create room' }).click();
    await facilitator.waitForURL(/\/facilitate/);
    await expect.poll(notesOnBoard, { timeout: 15_000 }).toBe('0');
    const code = (await facilitator.locator('.fv-code').innerText()).replace(/\s+/g, '');

    // The facilitator writes the script in the Session panel.
    await facilitator.getByRole('button', { name: 'Change steps' }).click();
    await addStep('Write', 'What would help you feel safe here?', 'Private writing');
    await addStep('Vote', 'Which matter most?', 'Voting');
    await facilitator.getByRole('button', { name: 'Done changing steps' }).click();
    await facilitator.getByRole('button', { name: 'Go to step 2: Write' }).click();

    // Two people join and write privately.
    for (const [i, phone] of phones.entries()) {
      await phone.goto(`${server.url}/join/${code}`);
      await phone.getByRole('button', { name: /^Join/ }).click();
      await phone.waitForURL(/\/room\/[^/]+$/);
      await expect.poll(() => phone.getByText('What would help you feel safe here?').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await phone.getByLabel('Your note').fill(texts[i]!);
      await phone.getByRole('button', { name: 'Post note' }).click();
      await expect.poll(() => phone.getByText(texts[i]!).count()).toBeGreaterThan(0);
    }
    await screenshot(phones[0]!, 'issue3-phone-sealed');

    // Sealed: nobody sees anyone else's note, the facilitator included.
    await expect.poll(() => facilitator.getByText('2 notes sealed').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await notesOnBoard()).toBe('0');
    expect(await phones[0]!.getByText(texts[1]!).count()).toBe(0);
    expect(await phones[1]!.getByText(texts[0]!).count()).toBe(0);

    // The reveal puts both on every board at once.
    await facilitator.getByRole('button', { name: 'Reveal all notes' }).click();
    await facilitator.getByRole('button', { name: 'Yes, reveal all notes' }).click();
    await expect.poll(notesOnBoard, { timeout: 5_000 }).toBe('2');

    // Voting: three votes each; the first note gets 3 in all, the second 1.
    await facilitator.getByRole('button', { name: 'Next step →' }).click();
    const voteFor = async (phone: Page, text: string) => {
      const item = phone.locator('li.vote-note', { hasText: text });
      await item.getByRole('button', { name: /^Vote for: / }).click();
    };
    await expect.poll(() => phones[0]!.locator('li.vote-note').count(), { timeout: 10_000 }).toBe(2);
    await voteFor(phones[0]!, texts[0]!);
    await expect.poll(() => phones[0]!.getByText('You have 2 votes.').count()).toBeGreaterThan(0);
    await expect.poll(() => phones[1]!.locator('li.vote-note').count(), { timeout: 10_000 }).toBe(2);
    await voteFor(phones[1]!, texts[0]!);
    await expect.poll(() => phones[1]!.getByText('You have 2 votes.').count()).toBeGreaterThan(0);
    await voteFor(phones[1]!, texts[0]!);
    await expect.poll(() => phones[1]!.getByText('You have 1 vote.').count()).toBeGreaterThan(0);
    await voteFor(phones[1]!, texts[1]!);
    await expect.poll(() => phones[1]!.getByText('You have used all your votes.').count()).toBeGreaterThan(0);

    // Totals stay hidden until the facilitator shows them.
    expect(await phones[0]!.getByText(/votes? in all/).count()).toBe(0);
    await facilitator.getByRole('button', { name: 'Close and show totals' }).click();
    for (const phone of phones) {
      await expect.poll(() => phone.locator('li.vote-note', { hasText: texts[0]! }).getByText('3 votes in all').count(), { timeout: 5_000 }).toBe(1);
      await expect.poll(() => phone.locator('li.vote-note', { hasText: texts[1]! }).getByText('1 vote in all').count()).toBe(1);
    }
    await screenshot(phones[0]!, 'issue3-phone-totals');
    await screenshot(facilitator, 'issue3-facilitator-totals');
  });
});
