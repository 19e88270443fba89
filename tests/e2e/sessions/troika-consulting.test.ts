import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, shoot, startWorkshop, type Phone } from '../../helpers/workshop.ts';

/**
 * Troika Consulting from the screens alone (issue 16): a facilitator's laptop, three phones and
 * the projector. One trio; each round one person is the client, who listens while the consultants
 * talk and note ideas in the trio's area; three rounds give everyone a turn, and "Next round" then
 * asks before starting again. At every step: what the phones, the facilitator and the presenter show.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

async function shows(page: Page, text: string | RegExp, timeout = 10_000): Promise<void> {
  try {
    await expect.poll(() => page.getByText(text).count(), { timeout, message: `shows ${String(text)}` }).toBeGreaterThan(0);
  } catch (error) {
    // Say what the screen showed instead, so a failure can be understood from the log.
    const seen = await page.locator('body').innerText().catch(() => '(unreadable)');
    throw new Error(`${(error as Error).message}\n${page.url()} shows instead:\n${seen.slice(0, 1500)}`);
  }
}

async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor({ timeout: 10_000 });
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Which phone says "This round you are the client"; the others must say they are consultants. */
async function clientOf(phones: Phone[]): Promise<Phone> {
  let client: Phone | undefined;
  await expect
    .poll(
      async () => {
        const roles = await Promise.all(phones.map((p) => textOf(p.page, '.my-group__role')));
        const clients = phones.filter((_, i) => roles[i]!.startsWith('This round you are the client'));
        const consultants = roles.filter((r) => r.startsWith('You are a consultant'));
        client = clients.length === 1 && consultants.length === 2 ? clients[0] : undefined;
        return client !== undefined;
      },
      { timeout: 10_000, message: 'one client and two consultants' },
    )
    .toBe(true);
  return client!;
}

test('Troika Consulting from the screens: one trio, three rounds so everyone is the client once, then a question before starting again', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Peer support', method: 'Troika Consulting', names: ['Ana', 'Ben', 'Cat'] });
  const { facilitator, presenter, phones } = w;
  try {
    // ---- Step 1, "Get into threes".
    // The first screens of a busy machine can take a while: more time for the first look.
    for (const phone of phones) await shows(phone.page, /We are getting into groups of three/, 30_000);
    await shows(presenter, /We are getting into groups of three/, 30_000);
    await ensureSessionPanelOpen(facilitator);
    const panel = facilitator.locator('#fv-session');
    await shows(facilitator, 'Trios and rounds');
    // Trios are made by size; never fewer than three, so "fewer" cannot go below 3.
    expect(await panel.getByRole('radio', { name: 'People in each trio' }).isChecked()).toBe(true);
    expect(await panel.locator('.fv-stepper__input').inputValue()).toBe('3');
    expect(await panel.getByRole('button', { name: 'One person fewer' }).isDisabled()).toBe(true);
    await expect.poll(() => textOf(facilitator, '.fv-form-groups__plan')).toBe('3 people here: 1 trio of 3');
    await panel.locator('.fv-form-groups').scrollIntoViewIfNeeded();
    await shoot(facilitator, 'troika-consulting-facilitator-1280-trios-preview');
    await panel.getByRole('button', { name: 'Form trios' }).click();
    await shows(facilitator, '1 trio, 3 people');
    await shows(facilitator, 'Round 1 of 3');
    for (const phone of phones) {
      await shows(phone.page, 'You are in Trio 1');
      await shows(phone.page, 'Round 1');
    }
    await shows(presenter, 'Groups in round 1');
    await shows(presenter, 'Trio 1');

    const clients: string[] = [];
    for (let round = 1; round <= 3; round++) {
      // ---- "Client shares a challenge": talk only; one client, two consultants.
      if (round === 1) await panel.getByRole('button', { name: 'Next step →' }).click();
      else {
        await panel.getByRole('button', { name: 'Next round' }).click();
        await shows(facilitator, `Round ${round} of 3`);
      }
      for (const phone of phones) await shows(phone.page, /Client: share a challenge or something you feel stuck on/);
      await shows(presenter, /Client: share a challenge/);
      await shows(presenter, `Groups in round ${round}`);
      const client = await clientOf(phones);
      const consultants = phones.filter((p) => p !== client);
      clients.push(client.name);
      await shows(client.page, 'This round you are the client: share your challenge.');
      for (const phone of phones) expect(await phone.page.getByRole('button', { name: 'Post note' }).count()).toBe(0);
      if (round === 1) await shoot(client.page, 'troika-consulting-phone-390-client-shares');

      // ---- "Consultants talk": the client listens and cannot post; consultants note ideas in the trio's area.
      await panel.getByRole('button', { name: 'Next step →' }).click();
      await shows(client.page, 'Listen for now:');
      expect(await client.page.getByRole('button', { name: 'Post note' }).count()).toBe(0);
      expect(await client.page.getByText('Your note goes on').count(), 'nothing tells the client to write').toBe(0);
      for (const c of consultants) {
        await shows(c.page, 'Your notes go to: Trio 1');
        await c.page.getByLabel('Your note').fill(`Idea for ${client.name} from ${c.name}`);
        await c.page.getByRole('button', { name: 'Post note' }).click();
        await shows(c.page, 'Your note is on Trio 1.');
      }
      await shows(presenter, /Consultants: talk together about ideas/);
      if (round === 1) {
        await shoot(client.page, 'troika-consulting-phone-390-client-listens');
        await shoot(consultants[0]!.page, 'troika-consulting-phone-390-consultant-notes');
      }

      // ---- "Client feedback": now the client writes what changed.
      await panel.getByRole('button', { name: 'Next step →' }).click();
      await shows(client.page, 'Client: what was it like to hear the ideas?');
      await client.page.getByLabel('Your note').fill(`What changed for ${client.name}`);
      await client.page.getByRole('button', { name: 'Post note' }).click();
      await shows(client.page, 'Your note is on Trio 1.');
      await shows(presenter, `${round * 3} notes`);
    }
    expect(new Set(clients).size, 'everyone was the client once').toBe(3);
    await shows(facilitator, 'Everyone has had a turn as the client.');
    await shoot(presenter, 'troika-consulting-presenter-1920-round3');

    // ---- A fourth "Next round" asks first; "Not yet" keeps round 3.
    await panel.getByRole('button', { name: 'Next round' }).click();
    await shows(facilitator, 'Everyone has had a turn. Start again from the first person?');
    await shoot(facilitator, 'troika-consulting-facilitator-1280-everyone-had-a-turn');
    await panel.getByRole('button', { name: 'Not yet' }).click();
    await shows(facilitator, 'Round 3 of 3');
    for (const phone of phones) await shows(phone.page, 'Round 3');

    // ---- "Close": everyone's take-away.
    await panel.getByRole('button', { name: 'Next step →' }).click();
    for (const phone of phones) await shows(phone.page, 'What will you take away from today?');
    await shows(presenter, 'What will you take away from today?');
    await shoot(phones[0]!.page, 'troika-consulting-phone-390-close');
  } finally {
    await w.close();
  }
});
