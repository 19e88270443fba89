import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listAreas, listNotes } from '@tributary/shared/board/queries';
import { groupOf } from '@tributary/shared/control/groups';
import { readControl } from '@tributary/shared/control/state';
import { laptopContext, phoneContext, screenshot } from '../helpers/browser.ts';
import { connectDoc, waitFor, type DocClient } from '../helpers/clients.ts';
import { command, createRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * World Cafe (two rounds, groups rotating between tables) and Troika Consulting (one full round
 * with three phones) as people do them. Phones are driven as a person would; the facilitator's
 * moves go through the commands API, and the board is checked with a stock client.
 */
describe('methods, end to end', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    browser = await chromium.browser();
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function setUp(template: string, names: string[]) {
    const created = await createRoom(server.url, { title: template, template });
    expect(created.status, created.text).toBe(201);
    const room = created.body;
    const run = async (cmd: Record<string, unknown>) => {
      const res = await command(server.url, room.roomId, room.facilitatorToken, cmd);
      expect(res.status, `${cmd.type}: ${res.text}`).toBe(200);
      return res.body;
    };
    const board: DocClient = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    const control: DocClient = connectDoc(server.wsUrl, room.roomId, 'control', room.facilitatorToken);
    cleanups.push(() => board.destroy(), () => control.destroy());
    await Promise.all([board.synced, control.synced]);
    const facilitator = await (await laptopContext(browser)).newPage();
    await facilitator.goto(room.links.facilitator);
    const phones: Array<{ name: string; page: Page; participantId: string }> = [];
    for (const name of names) {
      const page = await (await phoneContext(browser)).newPage();
      await page.goto(room.links.join);
      await page.getByLabel(/^Name/).fill(name);
      await page.getByRole('button', { name: /^Join/ }).click();
      await page.waitForURL(/\/room\/[^/]+$/);
      const participantId = await page.evaluate(
        (roomId) => JSON.parse(localStorage.getItem(`tributary:session:${roomId}`) ?? '{}').participantId as string,
        room.roomId,
      );
      expect(participantId).toMatch(/^p_/);
      // Groups are formed from the people connected: wait until this phone is.
      await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
      phones.push({ name, page, participantId });
    }
    return { room, run, board, control, facilitator, phones };
  }

  async function post(page: Page, text: string) {
    await page.getByLabel('Your note').fill(text);
    await page.getByRole('button', { name: 'Post note' }).click();
    await expect.poll(() => page.getByText(text).count(), { timeout: 5_000 }).toBeGreaterThan(0);
  }

  test('World Cafe: groups rotate between tables over two rounds and build on what they find', async () => {
    const { run, board, control, facilitator, phones } = await setUp('world-cafe', ['Ana', 'Ben', 'Cat', 'Dev']);
    // Three groups at four tables: in round two, two groups find notes from round one.
    await run({ type: 'groups.form', strategy: 'shuffle', count: 3 });
    await waitFor(() => readControl(control.doc).groups.length === 3, 5_000, 'three groups');
    await run({ type: 'step.next' });

    // Round 1: each phone shows its own table's question and posts there.
    const tableIn = (participantId: string) => groupOf(readControl(control.doc).groups, participantId)!.areaId!;
    const areaTitle = (id: string) => listAreas(board.doc).find((a) => a.id === id)!.title;
    const round1 = new Map<string, string>();
    for (const phone of phones) {
      const table = tableIn(phone.participantId);
      round1.set(phone.name, table);
      const question = areaTitle(table).split(': ')[1]!;
      await expect.poll(() => phone.page.getByText(question).count(), { timeout: 5_000 }).toBeGreaterThan(0);
      await post(phone.page, `Round one idea from ${phone.name}`);
    }
    await waitFor(() => listNotes(board.doc).length === 4, 5_000, 'four notes on the board');
    for (const note of listNotes(board.doc)) {
      const author = note.text.replace('Round one idea from ', '');
      expect(note.areaId, `${author}'s note sits at their table`).toBe(round1.get(author));
      expect(note.round).toBe(0);
    }
    await screenshot(phones[0]!.page, 'world-cafe-phone-round1');

    // Round 2: groups move on; notes stay at their tables; people build on what they find.
    await run({ type: 'round.next' });
    await waitFor(() => readControl(control.doc).round === 1, 5_000, 'round two');
    for (const phone of phones) {
      expect(tableIn(phone.participantId), `${phone.name} moved to another table`).not.toBe(round1.get(phone.name));
    }
    // A group that moved to a table another group used in round one reads what was left there
    // and builds on it.
    const ana = phones.find((p) => listNotes(board.doc).some((n) => n.areaId === tableIn(p.participantId)))!;
    expect(ana, 'someone sits at a table with notes from round one').toBeTruthy();
    const newTable = tableIn(ana.participantId);
    const left = listNotes(board.doc).filter((n) => n.areaId === newTable);
    await expect.poll(() => ana.page.getByText('Round 2').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const earlier = ana.page.locator('section.earlier li', { hasText: left[0]!.text });
    await earlier.getByRole('button', { name: 'Build on this' }).click();
    await post(ana.page, 'Building on that: ask people what they need');
    await waitFor(() => listNotes(board.doc).some((n) => n.replyTo === left[0]!.id), 5_000, 'a note that builds on an earlier one');
    const reply = listNotes(board.doc).find((n) => n.replyTo === left[0]!.id)!;
    expect(reply.areaId).toBe(newTable);
    expect(reply.round).toBe(1);
    await screenshot(ana.page, 'world-cafe-phone-round2');
    await screenshot(facilitator, 'world-cafe-facilitator');
  });

  test('Troika Consulting: a trio, one client who listens while the consultants talk', async () => {
    const { run, board, control, facilitator, phones } = await setUp('troika-consulting', ['Eve', 'Fin', 'Gus']);
    await run({ type: 'groups.form', strategy: 'shuffle' });
    await waitFor(() => readControl(control.doc).groups.length === 1, 5_000, 'one trio');
    const trio = readControl(control.doc).groups[0]!;
    expect(trio.members).toHaveLength(3);
    const client = phones.find((p) => p.participantId === trio.client)!;
    const consultants = phones.filter((p) => p !== client);

    // Share: the phones say who is the client.
    await run({ type: 'step.next' });
    await expect.poll(() => client.page.getByText(/This round you are the client/).count(), { timeout: 5_000 }).toBeGreaterThan(0);
    for (const c of consultants) await expect.poll(() => c.page.getByText(/You are a consultant/).count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // Consultants talk: the client's phone says listen and offers no way to post.
    await run({ type: 'step.next' });
    await expect.poll(() => client.page.getByText(/Listen for now/).count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await client.page.getByRole('button', { name: 'Post note' }).count()).toBe(0);
    await screenshot(client.page, 'troika-phone-client-listens');
    for (const c of consultants) await post(c.page, `Idea from ${c.name}`);
    await waitFor(() => listNotes(board.doc).length === 2, 5_000, 'the consultants\u2019 notes');
    for (const note of listNotes(board.doc)) expect(note.areaId).toBe(trio.areaId);

    // Feedback: the client may write again, into the trio's area.
    await run({ type: 'step.next' });
    await post(client.page, 'What changed for me: I can ask for help earlier');
    await waitFor(() => listNotes(board.doc).length === 3, 5_000, 'the client\u2019s feedback');
    expect(listNotes(board.doc).every((n) => n.areaId === trio.areaId)).toBe(true);
    await screenshot(facilitator, 'troika-facilitator');
  });
});
