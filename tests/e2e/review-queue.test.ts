import { describe, expect, test } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { openSessionTab, shoot, startWorkshop } from '../helpers/workshop.ts';

/**
 * A review step from the screens (issue 19, "Safe before it is seen"): the facilitator turns on
 * "Check each note before it shows", a phone posts, the note waits in the facilitator's
 * "Waiting for you" (and nowhere else), and once approved the projector shows it.
 * `SCREENSHOTS=docs` refreshes docs/screenshots/review-queue.png.
 */
describe('review queue on screen', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();

  test('a phone posts in a review step; the facilitator (1280x800) sees “Waiting for you (1)”, approves, and the presenter shows it', async () => {
    const workshop = await startWorkshop(await chromium.browser(), server.url, { title: 'Checked first', names: ['Ana'] });
    try {
      const { facilitator, presenter } = workshop;
      const phone = workshop.phones[0]!.page;
      await openSessionTab(facilitator, 'Now');
      const panel = facilitator.locator('#fv-session');
      // The box shows the step as the server has it: ticked once the command went through.
      const review = panel.getByLabel('Check each note before it shows');
      await review.click();
      await expect.poll(() => review.isChecked(), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => panel.getByRole('heading', { name: 'Waiting for you (0)' }).count(), { timeout: 10_000 }).toBe(1);

      const words = 'Could the rota go on the wall?';
      await phone.getByLabel('Your note').fill(words);
      await phone.getByRole('button', { name: 'Post note' }).click();
      await expect.poll(() => phone.getByText('Waiting for the facilitator to check it.').count(), { timeout: 10_000 }).toBeGreaterThan(0);

      await expect.poll(() => panel.getByRole('heading', { name: 'Waiting for you (1)' }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => panel.getByText(words).count(), { timeout: 10_000 }).toBe(1);
      // The projector has not got it: its board holds no note (the server-level tests check the
      // words never reach its document; the projector draws notes on a canvas).
      expect(await presenter.getByText('No notes yet').count()).toBe(1);
      await shoot(facilitator, 'review-queue');
      expect(await axeViolations(facilitator), 'the facilitator panel with a note waiting').toEqual([]);

      await panel.getByRole('button', { name: `Approve: show this note on the board: ${words}` }).click();
      await expect.poll(() => presenter.getByText('1 note', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => panel.getByRole('heading', { name: 'Waiting for you (0)' }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => phone.getByText('Waiting for the facilitator to check it.').count(), { timeout: 10_000 }).toBe(0);
    } finally {
      await workshop.close();
    }
  });

  test('the facilitator adds a word in Board → Word filter; a phone’s note with it waits, gently; “Don’t show” keeps it off', async () => {
    const workshop = await startWorkshop(await chromium.browser(), server.url, { title: 'Filtered', names: ['Ben'] });
    try {
      const { facilitator, presenter } = workshop;
      const phone = workshop.phones[0]!.page;
      await openSessionTab(facilitator, 'Board');
      const panel = facilitator.locator('#fv-session');
      await expect.poll(() => panel.getByRole('heading', { name: 'Word filter' }).count(), { timeout: 10_000 }).toBe(1);
      await panel.getByLabel('A word to add to the English list').fill('biscuit');
      await panel.getByLabel('A word to add to the English list').press('Enter');
      await expect.poll(() => panel.getByRole('button', { name: 'Remove biscuit' }).count(), { timeout: 10_000 }).toBe(1);
      // A pattern is not a word: refused on the screen before it is sent.
      await panel.getByLabel('A word to add to the English list').fill('bis.*');
      await panel.getByLabel('A word to add to the English list').press('Enter');
      await expect.poll(() => panel.getByText('Type one word: letters and numbers only.').count(), { timeout: 5_000 }).toBe(1);
      await panel.getByText('Type one word: letters and numbers only.').scrollIntoViewIfNeeded();
      await shoot(facilitator, 'review-queue-word-filter');
      expect(await axeViolations(facilitator), 'the word filter settings').toEqual([]);

      await phone.getByLabel('Your note').fill('More Biscuits? No: more biscuit!');
      await phone.getByRole('button', { name: 'Post note' }).click();
      await expect.poll(() => phone.getByText('Waiting for the facilitator to check it.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => panel.getByRole('heading', { name: 'Waiting for you (1)' }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => panel.getByText('Held by the word filter: biscuit').count(), { timeout: 10_000 }).toBe(1);
      await panel.getByRole('button', { name: /^Don’t show this note/ }).click();
      await expect.poll(() => panel.getByRole('heading', { name: /^Waiting for you/ }).count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => phone.getByText('This note is no longer on the board.').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await presenter.getByText('No notes yet').count()).toBe(1);
    } finally {
      await workshop.close();
    }
  });
});
