import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { command, mustCreateRoom, mustJoin, request } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { joinOnPhone, shoot } from '../helpers/workshop.ts';

/**
 * Read aloud on a phone (issue 19): the prompt read in the person's language, and "Read all new
 * notes" reading each new note in turn, anonymous ones without a name. Chromium headless may have
 * no voices, so the page gets a recording speechSynthesis before any script runs: it speaks
 * nothing, takes a moment per utterance, and notes the most it was ever asked to say at once.
 * `SCREENSHOTS=docs` refreshes docs/screenshots/read-aloud-phone.png.
 */

const PROMPT = 'What would make the drop-in feel safer at night?';

interface Spoken {
  text: string;
  lang: string;
}

/** Runs in the page, before the app: replaces the browser's speech with a recorder. */
function installRecordingSpeech() {
  interface FakeUtterance {
    text: string;
    lang: string;
    voice: unknown;
    onend: ((event: unknown) => void) | null;
    onerror: ((event: unknown) => void) | null;
  }
  const record = { spoken: [] as Array<{ text: string; lang: string }>, active: [] as FakeUtterance[], mostAtOnce: 0 };
  class Utterance implements FakeUtterance {
    lang = '';
    voice: unknown = null;
    onend: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor(public text: string) {}
  }
  const synth = {
    speak(utterance: FakeUtterance) {
      record.spoken.push({ text: utterance.text, lang: utterance.lang });
      record.active.push(utterance);
      record.mostAtOnce = Math.max(record.mostAtOnce, record.active.length);
      // "Speaking" takes a moment, so a second note arrives while the first is still playing.
      setTimeout(() => {
        const i = record.active.indexOf(utterance);
        if (i < 0) return;
        record.active.splice(i, 1);
        utterance.onend?.({});
      }, 400);
    },
    cancel() {
      const cancelled = record.active.splice(0);
      setTimeout(() => cancelled.forEach((u) => u.onerror?.({ error: 'interrupted' })), 0);
    },
    getVoices: () => [],
    speaking: false,
    pending: false,
    paused: false,
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  (window as unknown as { __speech: typeof record }).__speech = record;
}

function spoken(page: Page): Promise<Spoken[]> {
  return page.evaluate(() => (window as unknown as { __speech: { spoken: Spoken[] } }).__speech.spoken.map(({ text, lang }) => ({ text, lang })));
}

describe('read aloud on a phone', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();

  test('the prompt in the person’s language; new notes one after another, anonymous ones without a name', async () => {
    const room = await mustCreateRoom(server.url, 'Read aloud');
    const prompt = await command(server.url, room.roomId, room.facilitatorToken, { type: 'prompt.set', prompt: PROMPT });
    expect(prompt.status, prompt.text).toBe(200);
    // A note someone posted before "Read all new notes" is on: not news, never read.
    const other = await mustJoin(server.url, room.joinCode, 'Ali');
    const post = (body: Record<string, unknown>) => request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, { token: other, body });
    const before = await post({ text: 'Already on the board' });
    expect(before.status, before.text).toBe(201);

    const context = await chromium.phone();
    await context.addInitScript(installRecordingSpeech);
    const page = await context.newPage();
    await joinOnPhone(page, server.url, room.joinCode, 'Robin');
    await expect.poll(() => page.locator('.prompt__text').innerText(), { timeout: 15_000 }).toBe(PROMPT);

    // "Read aloud" on the prompt: the words, in the person's language; the button says "Stop" meanwhile.
    const readPrompt = page.getByRole('button', { name: /^Read aloud: What would make the drop-in/ });
    await readPrompt.click();
    await expect.poll(() => spoken(page)).toEqual([{ text: PROMPT, lang: 'en' }]);
    await expect.poll(() => page.getByRole('button', { name: /^Stop reading: What would make/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /^Read aloud: What would make/ }).count(), { timeout: 5_000 }).toBe(1);

    const toggle = page.getByRole('button', { name: 'Read all new notes' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    const named = await post({ text: 'More light by the door' });
    expect(named.status, named.text).toBe(201);
    const anonymous = await post({ text: 'Staff who know my name', anonymous: true });
    expect(anonymous.status, anonymous.text).toBe(201);
    // One person's anonymous note waits for others; its writer agrees to show it now.
    const agreed = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes/${anonymous.body.noteId}/release-consent`, {
      headers: { 'x-edit-key': anonymous.body.editKey },
    });
    expect(agreed.status, agreed.text).toBe(200);

    await expect
      .poll(() => spoken(page), { timeout: 15_000 })
      .toEqual([
        { text: PROMPT, lang: 'en' },
        { text: 'Ali wrote: More light by the door', lang: 'en' },
        { text: 'Staff who know my name', lang: 'en' },
      ]);
    expect(await page.evaluate(() => (window as unknown as { __speech: { mostAtOnce: number } }).__speech.mostAtOnce)).toBe(1);

    // The setting is this device's: still on after a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Read all new notes' }).getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    // …and the notes already on the board are not read again: the next new note is the first word.
    // "Connected" once the room has answered: the notes the board holds then are the ones already there.
    await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const after = await post({ text: 'A quiet corner' });
    expect(after.status, after.text).toBe(201);
    // Reading starts only at a tap after a reload (browsers refuse before): a tap on the page.
    await page.locator('.prompt__label').click();
    await expect.poll(() => spoken(page), { timeout: 15_000 }).toEqual([{ text: 'Ali wrote: A quiet corner', lang: 'en' }]);

    // In Welsh, the words are given to the voice as Welsh.
    await page.locator('.phone__language select').selectOption('cy');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('cy');
    await page.getByRole('button', { name: /^Darllen yn uchel: What would make/ }).click();
    await expect.poll(async () => (await spoken(page)).at(-1)).toEqual({ text: PROMPT, lang: 'cy' });
    await page.locator('.phone__language select').selectOption('en');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');

    // The picture: after the speech ends, the button back to "Read aloud".
    await page.getByRole('button', { name: /^Read aloud: What would make/ }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'read-aloud-phone');

    // The board as a list: a button on every note, its label naming the note's first words.
    await page.getByRole('button', { name: 'See the whole board' }).click();
    await page.getByRole('button', { name: 'Show as list' }).click();
    // The list arrives after a plain one (shown while it loads): wait for the list itself.
    await page.locator('.al-note').first().waitFor({ timeout: 15_000 });
    // One tab stop for all the notes' buttons, as for the notes themselves.
    expect(await page.locator('.al-note .read-aloud[tabindex="0"]').count()).toBe(1);
    const readNote = page.getByRole('button', { name: 'Read aloud: Staff who know my name' });
    await readNote.click();
    await expect.poll(async () => (await spoken(page)).at(-1)).toEqual({ text: 'Staff who know my name', lang: 'en' });
    await shoot(page, 'read-aloud-board-list');
  });

  test('where the phone cannot speak: no buttons, and the toggle says so', async () => {
    const room = await mustCreateRoom(server.url, 'No speech');
    const context = await chromium.phone();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    });
    const page = await context.newPage();
    await joinOnPhone(page, server.url, room.joinCode, 'Robin');
    await expect.poll(() => page.getByText('This phone cannot read aloud.').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('button', { name: /^Read aloud/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Read all new notes' }).count()).toBe(0);
  });
});
