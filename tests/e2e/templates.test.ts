import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { areaDescriptionWidth, estimateWrappedLines } from '@tributary/shared/board/areaHeader';
import { TEMPLATES } from '@tributary/shared/templates/index';
import { FONT_FAMILY } from '../../client/src/editor/layout.ts';
import { laptopContext, phoneContext, screenshot } from '../helpers/browser.ts';
import { createRoom } from '../helpers/server.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * Every method template opens cleanly on a laptop (the facilitator's board with the method's
 * areas and steps) and on a phone (its first question), with no errors on the page; each is
 * screenshotted at both sizes so a person can look at them (test-results/screenshots).
 */
describe('every template on a laptop and a phone', () => {
  const server = useServer({ process: 'child', serveClient: true, env: { RATE_LIMIT_CREATE_ROOM: '100' } });
  const chromium = useBrowser();
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.browser();
  });

  function collectErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    return errors;
  }

  for (const template of TEMPLATES) {
    test(template.title, async () => {
      const created = await createRoom(server.url, { title: template.title, template: template.id });
      expect(created.status, created.text).toBe(201);
      const room = created.body;

      const laptop = await (await laptopContext(browser)).newPage();
      const laptopErrors = collectErrors(laptop);
      await laptop.goto(room.links.facilitator);
      const canvas = laptop.locator('[data-testid="board-canvas"]');
      await expect.poll(() => canvas.getAttribute('data-notes'), { timeout: 15_000 }).toBe('0');
      // The script is in the Session panel: the first step's title is listed.
      await expect.poll(() => laptop.getByText(template.steps[0]!.title).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await laptop.getByRole('button', { name: /^Fit the board/ }).click();
      await screenshot(laptop, `template-${template.id}-laptop`);

      const phone = await (await phoneContext(browser)).newPage();
      const phoneErrors = collectErrors(phone);
      await phone.goto(room.links.join);
      await phone.getByRole('button', { name: /^Join/ }).click();
      await phone.waitForURL(/\/room\/[^/]+$/);
      await expect.poll(() => phone.getByText(template.steps[0]!.prompt).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await screenshot(phone, `template-${template.id}-phone`);

      expect(laptopErrors, 'errors on the facilitator page').toEqual([]);
      expect(phoneErrors, 'errors on the phone').toEqual([]);
      await laptop.context().close();
      await phone.context().close();
    });
  }

  /**
   * Note placement keeps a band free for each area's description from a character-count
   * estimate (shared/src/board/areaHeader.ts); the canvas wraps the words with the real font.
   * If the estimate ever counted fewer lines, a template's words would be cut.
   */
  test('no template description wraps into more lines than placement keeps room for', async () => {
    const page = await (await laptopContext(browser)).newPage();
    const cases = TEMPLATES.flatMap((template) =>
      template.areas.flatMap((area) =>
        area.description ? [{ id: `${template.id} ${area.key}`, text: area.description, width: areaDescriptionWidth(area.rect.w) }] : [],
      ),
    );
    expect(cases.length).toBeGreaterThan(10);
    const wrapped = await page.evaluate(
      ({ cases, font }) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = font;
        const fits = (text: string, width: number) => ctx.measureText(text).width <= width;
        // Greedy word wrap, breaking words longer than a line, as client/src/canvas/textLayout.ts does.
        return cases.map(({ id, text, width }) => {
          let lines = 0;
          for (const paragraph of text.split('\n')) {
            lines++;
            let line = '';
            for (const word of paragraph.split(/\s+/).filter(Boolean)) {
              const candidate = line ? `${line} ${word}` : word;
              if (fits(candidate, width)) {
                line = candidate;
                continue;
              }
              if (line) lines++;
              line = word;
              while (!fits(line, width)) {
                let cut = line.length - 1;
                while (cut > 1 && !fits(line.slice(0, cut), width)) cut--;
                lines++;
                line = line.slice(cut);
              }
            }
          }
          return { id, text, width, lines };
        });
      },
      { cases, font: `20px ${FONT_FAMILY}` },
    );
    for (const c of wrapped) expect(c.lines, c.id).toBeLessThanOrEqual(estimateWrappedLines(c.text, c.width, 20));
    await page.context().close();
  });
});
