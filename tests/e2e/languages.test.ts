import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { phoneContext } from '../helpers/browser.ts';
import { command, mustCreateRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';
import { shoot } from '../helpers/workshop.ts';

/**
 * The participant path in each language a person can pick (issue 17): join through the language
 * picker on a phone, post a note, vote. In the pseudo-locale, every word on screen must come from
 * a catalog; in Arabic the page reads right to left and the layout mirrors.
 * `SCREENSHOTS=docs` refreshes docs/screenshots/phone-arabic-*.png.
 */

const NOTE = 'Bus passes for everyone';
const NAME = 'Sam';

describe('the participant path in every language', () => {
  const server = useServer({ process: 'child', serveClient: true });
  const chromium = useBrowser();
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await chromium.browser();
  });

  async function newPhone(): Promise<Page> {
    const context = await phoneContext(browser);
    contexts.push(context);
    return context.newPage();
  }

  /** The phone's path, as a person takes it: the join page, the note box, the vote. `check` runs on each screen. */
  async function phonePath(page: Page, options: { pick?: string; title: string; check: (screen: 'join' | 'room' | 'vote') => Promise<void> }) {
    const room = await mustCreateRoom(server.url, options.title);
    await page.goto(`${server.url}/join/${room.joinCode}`);
    if (options.pick) {
      await page.locator('.join-language select').selectOption(options.pick);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(options.pick);
    }
    await page.locator('form input:not([maxlength="16"])').fill(NAME);
    await options.check('join');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/room\/[^/]+$/, { timeout: 15_000 });
    await expect.poll(() => page.locator('.connection--ok').count(), { timeout: 15_000 }).toBe(1);

    await page.locator('#add-note textarea').fill(NOTE);
    await page.locator('#add-note button[type="submit"]').click();
    await expect.poll(() => page.locator('.my-notes .my-note__text').allInnerTexts(), { timeout: 15_000 }).toEqual([NOTE]);
    await page.locator('#add-note textarea').fill('Más buses');
    await options.check('room');

    const opened = await command(server.url, room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 3 });
    expect(opened.status, opened.text).toBe(200);
    await expect.poll(() => page.locator('.voting .vote-note').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('.voting .vote-note button').first().click();
    await expect.poll(() => page.locator('.voting .vote-note__problem').count()).toBe(0);
    await expect.poll(() => page.locator('.post-status').innerText(), { timeout: 10_000 }).not.toBe('');
    // The vote button fades back from "busy": axe reads colours, so wait until nothing moves.
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[aria-busy="true"]').length + document.getAnimations().length), { timeout: 10_000 }).toBe(0);
    await options.check('vote');
    return room;
  }

  test.each([
    ['en', 'ltr'],
    ['cy', 'ltr'],
    ['pl', 'ltr'],
    ['ar', 'rtl'],
  ] as const)('%s: join with the picker, post a note, vote; lang and dir follow; axe is clean', async (code, dir) => {
    const page = await newPhone();
    await phonePath(page, {
      pick: code,
      title: `Room ${code}`,
      check: async (screen) => {
        expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([code, dir]);
        // Colours are checked once they have settled: a button caught mid-transition (its colour
        // fading in as it becomes ready) reads as low contrast that no one ever sees held.
        await expect.poll(() => page.evaluate(() => document.getAnimations().length), { timeout: 10_000 }).toBe(0);
        expect(await axeViolations(page), `${code} ${screen}`).toEqual([]);
        if (code === 'ar') await shoot(page, `phone-arabic-${screen === 'room' ? 'composer' : screen}`);
      },
    });
    // The pick is remembered on this phone: a reload keeps it.
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 15_000 }).toBe(code);
  });

  test('Arabic mirrors the layout: what is on the left in English is on the right', async () => {
    const positions: Record<string, { title: number; breakButton: number; width: number }> = {};
    for (const code of ['en', 'ar']) {
      const page = await newPhone();
      const room = await mustCreateRoom(server.url, `Mirror ${code}`);
      await page.goto(`${server.url}/join/${room.joinCode}`);
      await page.locator('.join-language select').selectOption(code);
      await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe(code === 'ar' ? 'rtl' : 'ltr');
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(/\/room\/[^/]+$/, { timeout: 15_000 });
      await page.locator('.break-button').waitFor();
      positions[code] = await page.evaluate(() => {
        const centre = (selector: string) => {
          const box = document.querySelector(selector)!.getBoundingClientRect();
          return box.left + box.width / 2;
        };
        return { title: centre('.room-header__title'), breakButton: centre('.break-button'), width: window.innerWidth };
      });
    }
    const { en, ar } = positions as { en: { title: number; breakButton: number; width: number }; ar: { title: number; breakButton: number; width: number } };
    expect(en.title).toBeLessThan(en.breakButton);
    expect(ar.title).toBeGreaterThan(ar.breakButton);
    expect(ar.breakButton).toBeLessThan(ar.width / 2);
    expect(en.breakButton).toBeGreaterThan(en.width / 2);
  });

  test('no untranslated English on the participant path: in the pseudo-locale every word is ⟦…⟧', async () => {
    const page = await newPhone();
    await page.addInitScript(() => localStorage.setItem('tributary:language', 'en-XA'));
    const title = 'Pseudo room';
    await phonePath(page, {
      title,
      check: async (screen) => {
        const untranslated = await page.evaluate(
          ({ allowed }) => {
            const out: string[] = [];
            const plain = (text: string) => text.replace(/\s+/g, ' ').trim();
            // Numbers, times, counts and punctuation carry no words to translate.
            const wordless = (text: string) => !/\p{L}/u.test(text);
            const one = (text: string) => text === '' || wordless(text) || text.includes('⟦') || allowed.some((a: string) => text.replace(/[()“”]/g, '').trim() === a);
            // "Room · Tributary": each part on its own.
            const ok = (text: string) => text.split(' · ').every((part) => one(part.trim()));
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const parent = node.parentElement!;
              if (parent.closest('script, style, textarea')) continue;
              if (!parent.checkVisibility() && !parent.closest('.visually-hidden, [role="status"], [aria-live]') && parent.tagName !== 'OPTION') continue;
              const text = plain(node.textContent ?? '');
              if (!ok(text)) out.push(`text "${text}" in <${parent.tagName.toLowerCase()} class="${parent.className}">`);
            }
            for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
              for (const attribute of ['aria-label', 'title', 'placeholder']) {
                const text = plain(element.getAttribute(attribute) ?? '');
                if (!ok(text)) out.push(`${attribute} "${text}" on <${element.tagName.toLowerCase()}>`);
              }
            }
            if (!ok(plain(document.title))) out.push(`page title "${document.title}"`);
            return out;
          },
          // What people wrote or chose, and what is a name in itself: the product, the languages.
          { allowed: [title, NOTE, NAME, 'Tributary', 'English', 'Cymraeg', 'Polski', 'العربية', 'Pseudo'] },
        );
        expect(untranslated, `on the ${screen} screen`).toEqual([]);
      },
    });
  });
});
