import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { laptopContext, phoneContext, SCREENSHOT_DIR } from './browser.ts';
import { ROOT_DIR } from './paths.ts';

/**
 * A whole workshop driven from the screens alone, as a facilitator runs one: a facilitator's
 * laptop (1280x800), phones (390x844, touch) and a presenter on a projector (1920x1080). The
 * room is made on the home page, phones join by typing the code, and the projector opens the
 * screen link the facilitator's panel offers. Nothing here calls the API.
 *
 * Method tests build on this; each helper below is a thing a person does, named for it.
 */

/** A presenter on a projector: 1920x1080. */
export function presenterContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1920, height: 1080 } });
}

export interface Phone {
  name: string;
  page: Page;
}

export interface Workshop {
  roomId: string;
  /** The join code as the facilitator's header shows it. */
  joinCode: string;
  facilitator: Page;
  phones: Phone[];
  presenter: Page;
  /** Closes every browser context this workshop opened. */
  close(): Promise<void>;
}

/**
 * Where screenshots go: docs/screenshots/ when SCREENSHOTS=docs (to refresh the ones the docs
 * show), test-results/screenshots/ otherwise (gitignored).
 */
export function screenshotDir(): string {
  return process.env.SCREENSHOTS === 'docs' ? path.join(ROOT_DIR, 'docs', 'screenshots') : SCREENSHOT_DIR;
}

/** Saves what the screen shows now (the viewport, as people see it) as <dir>/<name>.png. */
export async function shoot(page: Page, name: string): Promise<string> {
  const dir = screenshotDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * What the facilitator writes, on the home page, for what a method leaves open (Recovery River's
 * stages): the text for each box by its label, or `skip` to press "Skip this for now".
 */
export type DescribeOnScreen = Record<string, string> | 'skip';

/** The facilitator makes a room on the home page, choosing the method by its card's title. */
export async function createRoomOnScreen(
  page: Page,
  baseUrl: string,
  /** `onForm`: called with the filled form before "Create room" (to look at it, or take its picture). */
  options: { title: string; method?: string; describe?: DescribeOnScreen; onForm?: (page: Page) => Promise<void> },
): Promise<string> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/^Name of the session/).fill(options.title);
  if (options.method) await page.getByRole('radio', { name: new RegExp(`^${escapeRegExp(options.method)}`, 'i') }).check();
  if (options.describe === 'skip') await page.getByRole('button', { name: 'Skip this for now' }).click();
  else if (options.describe) for (const [label, text] of Object.entries(options.describe)) await page.getByLabel(label, { exact: true }).fill(text);
  await options.onForm?.(page);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/room\/[^/]+\/facilitate$/, { timeout: 15_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
}

/** The join code as the facilitator's header shows it (spaces and dashes kept as shown). */
export async function readJoinCode(facilitator: Page): Promise<string> {
  const code = facilitator.locator('.fv-code').first();
  await code.waitFor({ timeout: 15_000 });
  return (await code.textContent())!.trim();
}

/** A person types the code they see on the projector into the join page, with a name or none. */
export async function joinOnPhone(page: Page, baseUrl: string, joinCode: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/join`);
  await page.getByLabel(/^Code/).fill(joinCode);
  if (name) await page.getByLabel(/^Name/).fill(name);
  await page.getByRole('button', { name: /^Join/ }).click();
  await page.waitForURL(/\/room\/[^/]+$/, { timeout: 15_000 });
  await expect.poll(() => page.getByText('Connected', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

/**
 * The facilitator opens the screen view from their panel; the link it opens is then shown on the
 * projector's own browser. Returns the link.
 */
export async function openScreenLinkFromPanel(facilitator: Page): Promise<string> {
  await openSessionTab(facilitator, 'Results and export');
  const [popup] = await Promise.all([
    facilitator.waitForEvent('popup', { timeout: 15_000 }),
    facilitator.getByRole('button', { name: 'Open the screen view' }).click(),
  ]);
  // The link as the window was sent to it: the page then moves the token out of the address bar,
  // so reading the address afterwards can give a link without it (a projector that cannot open).
  const link = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the screen view did not open within 15 s')), 15_000);
    const check = (url: string) => {
      if (!url.includes('/room/') || !url.includes('#token=')) return;
      clearTimeout(timer);
      resolve(url);
    };
    popup.on('framenavigated', (frame) => {
      if (frame === popup.mainFrame()) check(frame.url());
    });
    check(popup.url());
  });
  await popup.close();
  // Back to running the session, as a facilitator would once the projector is up.
  await openSessionTab(facilitator, 'Now');
  return link;
}

/** Opens the facilitator's session panel if it is closed. */
export async function ensureSessionPanelOpen(facilitator: Page): Promise<void> {
  const toggle = facilitator.locator('.fv-btn--session');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await facilitator.locator('#fv-session').waitFor();
}

/** The session panel's tabs, by task. */
export type SessionTabName = 'Now' | 'People' | 'Board' | 'Results and export';

/** Opens the session panel (if closed) on one of its tabs. */
export async function openSessionTab(facilitator: Page, tab: SessionTabName): Promise<void> {
  await ensureSessionPanelOpen(facilitator);
  const button = facilitator.locator('#fv-session').getByRole('tab', { name: tab, exact: true });
  if ((await button.getAttribute('aria-selected')) !== 'true') await button.click();
  await facilitator.locator('#fv-session [role="tabpanel"]:not([hidden])').waitFor();
}

/**
 * Starts a workshop: the facilitator's laptop makes the room, each name joins on its own phone
 * (an empty name joins unnamed), and the projector opens the screen link.
 */
export async function startWorkshop(
  browser: Browser,
  baseUrl: string,
  options: { title: string; method?: string; describe?: DescribeOnScreen; onForm?: (page: Page) => Promise<void>; names: string[] },
): Promise<Workshop> {
  const contexts: BrowserContext[] = [];
  const open = async (make: (b: Browser) => Promise<BrowserContext>) => {
    const context = await make(browser);
    contexts.push(context);
    return context.newPage();
  };
  const facilitator = await open(laptopContext);
  const roomId = await createRoomOnScreen(facilitator, baseUrl, options);
  const joinCode = await readJoinCode(facilitator);
  const phones: Phone[] = [];
  for (const name of options.names) {
    const page = await open(phoneContext);
    await joinOnPhone(page, baseUrl, joinCode, name);
    phones.push({ name, page });
  }
  const screenLink = await openScreenLinkFromPanel(facilitator);
  const presenter = await open(presenterContext);
  await presenter.goto(screenLink);
  return {
    roomId,
    joinCode,
    facilitator,
    phones,
    presenter,
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
    },
  };
}

/** Every screen of the workshop, for checks that all screens must pass. */
export function everyScreen(workshop: Workshop): Page[] {
  return [workshop.facilitator, ...workshop.phones.map((p) => p.page), workshop.presenter];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Run in a phone's page (`page.evaluate(waitingOnPhone)`): how many of its own notes, in any room,
 * still wait to be sent or were refused (client/src/sync/ownNotes.ts keeps them under one key a room).
 */
export function waitingOnPhone(): number {
  let n = 0;
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith('tributary:own-notes:')) continue;
    const notes = JSON.parse(localStorage.getItem(key) ?? '[]') as Array<{ state?: string }>;
    n += notes.filter((note) => note.state === 'waiting' || note.state === 'failed').length;
  }
  return n;
}
