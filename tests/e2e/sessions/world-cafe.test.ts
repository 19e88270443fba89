import { beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../../helpers/axe.ts';
import { useBrowser, useServer } from '../../helpers/fixture.ts';
import { ensureSessionPanelOpen, shoot, startWorkshop, type Phone } from '../../helpers/workshop.ts';

/**
 * World Cafe from the screens alone (issue 16): a facilitator's laptop, three phones and the
 * projector. With three people the facilitator chooses three groups of one on screen, groups move
 * round the four tables and build on what they find, "Next round" asks before starting again
 * after the last table, a person is moved to another group by hand, then the harvest and the vote.
 * At every step: what the phones, the facilitator and the presenter show.
 */
const server = useServer({ process: 'child', serveClient: true });
const chromium = useBrowser();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.browser();
});

const QUESTIONS: Record<number, string> = {
  1: 'What helps people get involved and stay involved?',
  2: 'What gets in the way of people being heard?',
  3: 'What does good support look like to you?',
  4: 'What would you change first, and how?',
};

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

/** The group a phone says it is in ("You are in Group 2"). */
async function groupOnPhone(phone: Phone): Promise<string> {
  await shows(phone.page, /You are in Group \d/);
  return /You are in (Group \d+)/.exec(await textOf(phone.page, '.my-group__heading'))![1]!;
}

/** The table number the phone's group card names ("Your note goes on Table 2: …"). */
async function tableOnPhone(phone: Phone): Promise<number> {
  const line = await textOf(phone.page, '.my-group__table');
  return Number(/Table (\d)/.exec(line)![1]);
}

test('World Cafe from the screens: three groups of one round four tables, a warning before starting again, a move by hand, harvest and vote', async () => {
  const w = await startWorkshop(browser, server.url, { title: 'Community cafe', method: 'World Cafe', names: ['Ana', 'Ben', 'Cat'] });
  const { facilitator, presenter, phones } = w;
  try {
    // ---- Step 1, "Find your table": nobody is in a group yet.
    // The first screens of a busy machine can take a while: more time for the first look.
    for (const phone of phones) await shows(phone.page, /We are splitting into small groups/, 30_000);
    await shows(presenter, /We are splitting into small groups/, 30_000);
    await ensureSessionPanelOpen(facilitator);
    const panel = facilitator.locator('#fv-session');
    // The default with three people: one group of three (two or more at a table, as many tables as that allows).
    await expect.poll(() => textOf(facilitator, '.fv-form-groups__plan')).toBe('3 people here: 1 group of 3');
    expect(await panel.getByLabel('Number of groups').inputValue()).toBe('1');
    await panel.locator('.fv-form-groups').scrollIntoViewIfNeeded();
    await shoot(facilitator, 'world-cafe-facilitator-1280-groups-preview');

    // By size instead: groups of 2 from 3 people is one group of 3 (never a group of one left over).
    await panel.getByRole('radio', { name: 'People in each group' }).check();
    expect(await panel.locator('.fv-stepper__input').inputValue()).toBe('2');
    await expect.poll(() => textOf(facilitator, '.fv-form-groups__plan')).toBe('3 people here: 1 group of 3');
    await panel.getByRole('radio', { name: 'How many groups' }).check();
    expect(await panel.getByLabel('Number of groups').inputValue()).toBe('1');

    // The facilitator wants everyone at their own table: three groups of one.
    await panel.getByRole('button', { name: 'One group more' }).click();
    await panel.getByRole('button', { name: 'One group more' }).click();
    await expect.poll(() => textOf(facilitator, '.fv-form-groups__plan')).toBe('3 people here: 3 groups of 1');
    await shows(facilitator, 'Each round 3 of the 4 tables have a group; 1 stays free. Every group visits every table in 4 rounds.');
    await panel.getByRole('button', { name: 'Form groups' }).click();
    await shows(facilitator, '3 groups, 3 people');
    await shows(facilitator, 'Round 1 of 4');

    const groupOf = new Map<string, string>();
    const tablesOf = new Map<string, number[]>();
    for (const phone of phones) {
      groupOf.set(phone.name, await groupOnPhone(phone));
      await expect.poll(() => textOf(phone.page, '.my-group__table')).toMatch(/^Your table: Table \d: /);
      tablesOf.set(phone.name, [await tableOnPhone(phone)]);
    }
    expect(new Set(groupOf.values()).size, 'three groups').toBe(3);
    expect(new Set([...tablesOf.values()].map((t) => t[0])).size, 'each group at its own table').toBe(3);
    await shows(presenter, 'Groups in round 1');
    expect(await presenter.locator('.presenter__group-list li').count()).toBe(3);
    await shoot(phones[0]!.page, 'world-cafe-phone-390-your-table');

    // ---- Step 2, "Talk at your table": each phone writes at its table.
    await panel.getByRole('button', { name: 'Next step →' }).click();
    for (const phone of phones) {
      const table = tablesOf.get(phone.name)![0]!;
      await shows(phone.page, `Your table: Table ${table}`);
      await shows(phone.page, QUESTIONS[table]!);
      await expect.poll(() => textOf(phone.page, '.my-group__table')).toBe(`Your note goes on Table ${table}: ${QUESTIONS[table]}`);
      await phone.page.getByLabel('Your note').fill(`Round one idea from ${phone.name}`);
      await phone.page.getByRole('button', { name: 'Post note' }).click();
      await shows(phone.page, `Your note is on Table ${table}.`);
    }
    await shows(presenter, '3 notes');
    await shoot(phones[0]!.page, 'world-cafe-phone-390-round1-posted');
    expect(await axeViolations(phones[0]!.page), 'the phone at its table').toEqual([]);

    // ---- Rounds 2 to 4: every group moves on one table, never two groups at a table, and a
    // group that finds notes builds on them. The phone never keeps saying the old table.
    for (let round = 2; round <= 4; round++) {
      await panel.getByRole('button', { name: 'Next round' }).click();
      await shows(facilitator, `Round ${round} of 4`);
      await shows(presenter, `Groups in round ${round}`);
      const seats = new Set<number>();
      for (const phone of phones) {
        const before = tablesOf.get(phone.name)!.at(-1)!;
        const expected = (before % 4) + 1;
        await shows(phone.page, `Round ${round}: your group is now at Table ${expected}.`);
        expect(await phone.page.getByText(`Your note is on Table ${before}.`).count(), `${phone.name}'s phone forgets the old table`).toBe(0);
        await expect.poll(() => tableOnPhone(phone)).toBe(expected);
        await shows(phone.page, `Your table: Table ${expected}`);
        tablesOf.get(phone.name)!.push(expected);
        seats.add(expected);
      }
      expect(seats.size, `round ${round}: one group a table`).toBe(3);
      if (round === 2) {
        // Two of the three groups sit where another group wrote in round one.
        const finder = phones.find((p) => phones.some((o) => o !== p && tablesOf.get(o.name)![0] === tablesOf.get(p.name)![1]))!;
        await shows(finder.page, 'What earlier groups left at this table');
        await finder.page.locator('section.earlier').getByRole('button', { name: 'Build on this' }).first().click();
        await finder.page.getByLabel('Your note, adding to the one above').fill(`Building on that, from ${finder.name}`);
        await finder.page.getByRole('button', { name: 'Post note' }).click();
        await shows(finder.page, `Your note is on Table ${tablesOf.get(finder.name)![1]}.`);
        await shows(presenter, '4 notes');
        await shoot(finder.page, 'world-cafe-phone-390-round2-build-on');
        await shoot(presenter, 'world-cafe-presenter-1920-round2');
      }
    }
    for (const phone of phones) expect(new Set(tablesOf.get(phone.name)).size, `${phone.name}'s group visited every table`).toBe(4);

    // ---- After the last table, "Next round" asks first; "Not yet" keeps everyone where they are.
    await shows(facilitator, 'This is the last round: every group has now been at every table.');
    await panel.getByRole('button', { name: 'Next round' }).click();
    await shows(facilitator, 'Every group has visited every table. Start again from the first table?');
    await shoot(facilitator, 'world-cafe-facilitator-1280-last-table-warning');
    await panel.getByRole('button', { name: 'Not yet' }).click();
    await shows(facilitator, 'Round 4 of 4');
    for (const phone of phones) await shows(phone.page, 'Round 4', 3_000);
    // The projector counts rounds as the panel does: the group can see how far round they are.
    await shows(presenter, /Round 4 of 4/);
    await shows(presenter, 'Groups in round 4');
    // Asked again, the facilitator says yes: every group is back at its first table, and the round counts on.
    await panel.getByRole('button', { name: 'Next round' }).click();
    await panel.getByRole('button', { name: 'Yes, start again' }).click();
    await shows(facilitator, 'Round 5 (started again)');
    for (const phone of phones) {
      const first = tablesOf.get(phone.name)![0]!;
      await shows(phone.page, `Round 5: your group is now at Table ${first}.`);
      await expect.poll(() => tableOnPhone(phone)).toBe(first);
    }
    await shows(presenter, 'Groups in round 5');

    // ---- Moving a person by hand: Ana joins Ben's group, with one menu.
    const [ana, ben] = phones as [Phone, Phone, Phone];
    await panel.getByRole('button', { name: 'Move people between groups' }).click();
    await panel.getByLabel('Ana: move to').selectOption({ label: groupOf.get('Ben')! });
    await shows(facilitator, `Ana is now in ${groupOf.get('Ben')!}.`);
    expect(await axeViolations(facilitator), 'the groups panel, moving people open').toEqual([]);
    await shows(ana.page, `You are in ${groupOf.get('Ben')!}`);
    await expect.poll(() => tableOnPhone(ana)).toBe(await tableOnPhone(ben));
    await shoot(facilitator, 'world-cafe-facilitator-1280-move-by-hand');

    // ---- Step 3, harvest: everyone looks at all the tables; no writing.
    await panel.getByRole('button', { name: 'Next step →' }).click();
    for (const phone of phones) {
      await shows(phone.page, 'Everyone looks at all the tables together. What stands out? What surprised you?');
      expect(await phone.page.getByRole('button', { name: 'Post note' }).count()).toBe(0);
    }
    await shows(presenter, 'Everyone looks at all the tables together. What stands out? What surprised you?');

    // ---- Step 4, vote: each phone gives a dot; the presenter shows the totals.
    await panel.getByRole('button', { name: 'Next step →' }).click();
    for (const phone of phones) {
      await shows(phone.page, 'Vote for the notes you agree with');
      // The note itself, not a note that builds on it (which quotes it in its row).
      const note = phone.page.locator('.voting li', { has: phone.page.locator('.my-note__text', { hasText: /^Round one idea from Ana$/ }) });
      await note.getByRole('button', { name: /^Vote for: / }).click();
      await shows(phone.page, /Vote given/);
    }
    await shows(presenter, 'Voting is open. Vote on your phone. Nobody sees who voted for what.');
    await panel.getByRole('button', { name: 'Close and show totals' }).click();
    await shows(presenter, 'Round one idea from Ana');
    await shows(presenter, '3 votes');
    await shoot(presenter, 'world-cafe-presenter-1920-votes');
    await shoot(phones[2]!.page, 'world-cafe-phone-390-vote');

    // The groups part on a facilitator's phone-sized screen: nothing runs off the side.
    await facilitator.setViewportSize({ width: 390, height: 844 });
    await ensureSessionPanelOpen(facilitator);
    const groupsPart = panel.locator('.fv-form-groups');
    await groupsPart.scrollIntoViewIfNeeded();
    const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'the panel does not scroll sideways').toBeLessThanOrEqual(1);
    const box = (await panel.getByRole('button', { name: 'One group more' }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await shoot(facilitator, 'world-cafe-facilitator-390-groups');
  } finally {
    await w.close();
  }
});
