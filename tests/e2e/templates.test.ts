import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TEMPLATES } from '@tributary/shared';
import { launchChromium, laptopContext, phoneContext, screenshot } from '../helpers/browser.ts';
import { createRoom, makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server.ts';

/**
 * Every method template opens cleanly on a laptop (the facilitator's board with the method's
 * areas and steps) and on a phone (its first question), with no errors on the page; each is
 * screenshotted at both sizes so a person can look at them (test-results/screenshots).
 */
describe('every template on a laptop and a phone', () => {
  const dataDir = makeTempDir('tributary-e2e-');
  let server: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await spawnServer({ dataDir, env: { SERVE_CLIENT: '1', RATE_LIMIT_CREATE_ROOM: '100' } });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGKILL');
    await server?.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
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
      await laptop.getByRole('button', { name: /^Show everything/ }).click();
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
});
