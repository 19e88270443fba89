import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureSessionPanelOpen, everyScreen, type Workshop } from '../../helpers/workshop.ts';

/**
 * What people do and read in a method session, shared by the session tests: the facilitator moves
 * on from the session panel, phones post, and the facilitator's list view shows where notes went.
 */

/** The facilitator presses "Next step" in the session panel; every screen then shows the new prompt. */
export async function nextStep(w: Workshop, expectedPrompt: RegExp): Promise<void> {
  await ensureSessionPanelOpen(w.facilitator);
  await w.facilitator.getByRole('button', { name: /^Next step/ }).click();
  for (const page of everyScreen(w)) await expect.poll(() => page.getByText(expectedPrompt).count(), { timeout: 10_000 }).toBeGreaterThan(0);
}

/** A phone writes a note in the note box and presses "Post note". */
export async function writeNote(phone: Page, note: string): Promise<void> {
  await phone.getByLabel('Your note', { exact: true }).fill(note);
  await phone.getByRole('button', { name: 'Post note' }).click();
}

/** The facilitator's list view: the text under one area's heading ('' when there is no such area). */
export async function notesUnder(facilitator: Page, area: RegExp): Promise<string> {
  const group = facilitator.locator('.al-group', { has: facilitator.getByRole('heading', { name: area }) });
  return (await group.count()) ? group.first().innerText() : '';
}

/** Everything a screen shows as text. */
export function screenText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** The projector's vote bars, most votes first, each as "label = value" ("Support = 4 votes"). */
export function voteBars(presenter: Page): Promise<string[]> {
  return presenter
    .locator('.vote-bars__row')
    .evaluateAll((rows) => rows.map((r) => `${r.querySelector('.vote-bars__label')?.textContent} = ${r.querySelector('.vote-bars__value')?.textContent}`));
}
