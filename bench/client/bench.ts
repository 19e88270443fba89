/**
 * `npm run bench:client` (issue 6): the production client in headless Chromium on seeded
 * boards of 2,000, 5,000 and 20,000 notes. For each board: a scripted 3 s pan at 100% (a real
 * middle-button mouse drag), a 3 s zoom out and back in (real wheel events), and 3 s of small
 * pans with the whole board fitted on screen; frame times from requestAnimationFrame deltas in
 * the page (p50/p95/max) and the JS heap (CDP, after a forced GC). Then 1,000 real pointer drags
 * of notes and how much they grew the board document.
 *
 * Flags: --sizes=2000,5000 (default 2000,5000,20000), --drags=N (default 1000, 0 skips),
 * --no-build (never rebuild), --trace (summarise a Chromium trace of each run; results not saved), --dry (results
 * not saved), --screenshots (pictures of the board after each run, in test-results/bench/), --table (only print the README table from client-latest.json).
 *
 * Writes bench/results/client-<date>.json and bench/results/client-latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import * as Y from 'yjs';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tributary/shared/board/note';
import { notesMap } from '@tributary/shared/board/schema';
import { startServer } from '../../server/src/index.ts';
import { launchChromium } from '../../tests/helpers/browser.ts';
import { connectDoc, sleep, waitFor, type DocClient } from '../../tests/helpers/clients.ts';
import { ROOT_DIR } from '../../tests/helpers/paths.ts';
import { latestResultsFile, writeResults } from '../results.ts';
import { renderTable, type BenchResults, type CaseResult, type DragResult } from './report.ts';
import { seedBoard, type SeededNote } from './seed.ts';
import { summarizeTrace } from './trace.ts';

const VIEWPORT = { width: 1280, height: 720 };
const LATEST = latestResultsFile('client');

function flag(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the client when there is no build or a source file is newer than it. */
function buildIfNeeded(): void {
  const index = path.join(ROOT_DIR, 'client', 'dist', 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(ROOT_DIR, 'client', 'src')), newestMtime(path.join(ROOT_DIR, 'shared', 'src')));
  if (built > sources || (built > 0 && flag('no-build') !== undefined)) return;
  console.log('Building the client (vite build)…');
  const result = spawnSync(process.execPath, [path.join(ROOT_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT_DIR,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('vite build failed');
}

function stats(samples: number[]): { p50: number; p95: number; max: number; mean: number } {
  if (samples.length === 0) return { p50: 0, p95: 0, max: 0, mean: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]!), mean: round(samples.reduce((s, v) => s + v, 0) / samples.length) };
}

// Page-side helpers, passed as strings so no transpiler helper leaks into the page.
const INSTALL_FRAME_RECORDER = `(() => {
  if (window.__bench) return;
  const bench = { recording: false, last: 0, deltas: [] };
  const tick = (now) => {
    if (bench.recording) {
      if (bench.last > 0) bench.deltas.push(now - bench.last);
      bench.last = now;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__bench = bench;
})()`;
const START_FRAMES = `(() => { window.__bench.deltas = []; window.__bench.last = 0; window.__bench.recording = true; })()`;
const STOP_FRAMES = `(() => { window.__bench.recording = false; return window.__bench.deltas; })()`;
const CANVAS_STATE = `(() => {
  const el = document.querySelector('[data-testid="board-canvas"]');
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const [x, y, zoom] = (el.getAttribute('data-camera') || '0,0,1').split(',').map(Number);
  return {
    notes: Number(el.getAttribute('data-notes')),
    visible: Number(el.getAttribute('data-visible-notes')),
    camera: { x, y, zoom },
    rect: { x: r.left, y: r.top, w: r.width, h: r.height },
  };
})()`;

interface CanvasState {
  notes: number;
  visible: number;
  camera: { x: number; y: number; zoom: number };
  rect: { x: number; y: number; w: number; h: number };
}

async function canvasState(page: Page): Promise<CanvasState> {
  const state = (await page.evaluate(CANVAS_STATE)) as CanvasState | null;
  if (!state) throw new Error('no board canvas on the page');
  return state;
}

/** Notes on screen now: those whose rectangle meets the canvas (computed from the seeded positions). */
function onScreen(notes: readonly SeededNote[], s: CanvasState): number {
  const { x: cx, y: cy, zoom } = s.camera;
  let n = 0;
  for (const note of notes) {
    const x = note.x * zoom + cx;
    const y = note.y * zoom + cy;
    if (x + NOTE_WIDTH * zoom > 0 && y + NOTE_HEIGHT * zoom > 0 && x < s.rect.w && y < s.rect.h) n++;
  }
  return n;
}

async function settle(page: Page, frames = 10): Promise<void> {
  await page.evaluate(`new Promise((resolve) => { let n = ${frames}; const f = () => (--n <= 0 ? resolve(null) : requestAnimationFrame(f)); requestAnimationFrame(f); })`);
}

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / 1024 / 1024) * 10) / 10;
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'gpu', 'skia'];

async function measure(
  page: Page,
  label: string,
  run: () => Promise<void>,
): Promise<{ frames: number; p50: number; p95: number; max: number; mean: number }> {
  await settle(page, 5);
  const tracing = flag('trace') !== undefined;
  if (tracing) await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.evaluate(START_FRAMES);
  await run();
  await settle(page, 2);
  const deltas = (await page.evaluate(STOP_FRAMES)) as number[];
  if (tracing) {
    const buffer = await page.context().browser()!.stopTracing();
    console.log(`trace of ${label}:\n${summarizeTrace(buffer.toString('utf8'), 8, deltas.length)}`);
  }
  return { frames: deltas.length, ...stats(deltas) };
}

/** A real middle-button drag (pans whatever is under it) following `path` for `ms`. */
async function dragFor(page: Page, ms: number, pathAt: (t: number) => { x: number; y: number }): Promise<void> {
  const start = pathAt(0);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down({ button: 'middle' });
  const t0 = Date.now();
  for (;;) {
    const t = Math.min(1, (Date.now() - t0) / ms);
    const p = pathAt(t);
    await page.mouse.move(p.x, p.y);
    if (t >= 1) break;
  }
  await page.mouse.up({ button: 'middle' });
}

/** `--screenshots`: what the board looks like after each run, in test-results/bench/ (to check the drawing, not the speed). */
async function shot(page: Page, name: string): Promise<void> {
  if (flag('screenshots') === undefined) return;
  const dir = path.join(ROOT_DIR, 'test-results', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

async function runCase(page: Page, cdp: CDPSession, seeded: readonly SeededNote[]): Promise<Omit<CaseResult, 'notes' | 'loadMs' | 'heapLoadedMB' | 'loadAverage'>> {
  const rect = (await canvasState(page)).rect;
  const cx = rect.x + rect.w / 2;
  const cy = rect.y + rect.h / 2;

  // 1. Pan at 100%: three 1 s drags across most of the canvas, diagonally, into new parts of the board.
  await page.keyboard.press('Shift+Digit0');
  await settle(page, 30);
  const panStart = await canvasState(page);
  const pan = await measure(page, 'pan', async () => {
    for (let i = 0; i < 3; i++) {
      await dragFor(page, 1000, (t) => ({ x: rect.x + rect.w * (0.85 - 0.7 * t), y: cy + rect.h * 0.3 * (i % 2 === 0 ? 0.5 - t : t - 0.5) }));
    }
  });
  const panVisible = onScreen(seeded, await canvasState(page));
  await shot(page, `${seeded.length}-after-pan`);

  // 2. Zoom: 1.5 s out from 100% to 15%, 1.5 s back in, with wheel events over the middle.
  await page.mouse.move(cx, cy);
  const zoomStart = (await canvasState(page)).camera.zoom;
  let zoomMin = zoomStart;
  const zoom = await measure(page, 'zoom', async () => {
    const t0 = Date.now();
    let current = zoomStart;
    for (;;) {
      const t = Math.min(1, (Date.now() - t0) / 3000);
      // Log-zoom goes 0 → ln(0.15) → 0 along a triangle.
      const target = zoomStart * Math.exp(Math.log(0.15) * (t < 0.5 ? t * 2 : 2 - t * 2));
      const deltaY = Math.max(-100, Math.min(100, -Math.log(target / current) / 0.002));
      if (Math.abs(deltaY) >= 1) {
        await page.mouse.wheel(0, deltaY);
        current *= Math.exp(-deltaY * 0.002);
        zoomMin = Math.min(zoomMin, current);
      } else {
        await sleep(4);
      }
      if (t >= 1) break;
    }
  });

  // 3. The whole board fitted on screen, panned in small circles (every frame redraws all of it).
  await page.keyboard.press('Shift+Digit2');
  await settle(page, 30);
  const fitState = await canvasState(page);
  await shot(page, `${seeded.length}-fitted`);
  const fitVisible = onScreen(seeded, fitState);
  const fit = await measure(page, 'fit', async () => {
    await dragFor(page, 3000, (t) => ({ x: cx + 40 * Math.cos(t * Math.PI * 6) - 40, y: cy + 40 * Math.sin(t * Math.PI * 6) }));
  });
  await shot(page, `${seeded.length}-fitted-after-pan`);
  const heapAfterMB = await heapMB(cdp);
  return {
    canvas: { width: Math.round(rect.w), height: Math.round(rect.h) },
    pan: { ...pan, zoom: panStart.camera.zoom, notesOnScreen: panVisible },
    zoom: { ...zoom, from: zoomStart, to: Math.round(zoomMin * 1000) / 1000 },
    fit: { ...fit, zoom: fitState.camera.zoom, notesOnScreen: fitVisible },
    heapAfterMB,
  };
}

async function openBoard(browser: Browser, url: string, expected: number): Promise<{ page: Page; cdp: CDPSession; loadMs: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    `document.querySelector('[data-testid="board-canvas"]')?.getAttribute('data-notes') === '${expected}'`,
    undefined,
    { timeout: 180_000, polling: 200 },
  );
  await settle(page, 3);
  const loadMs = Date.now() - t0;
  // The session panel opens beside the board on a laptop; close it so the canvas has the width.
  const session = page.locator('.fv-btn--session');
  if ((await session.getAttribute('aria-expanded')) === 'true') await session.click();
  await page.evaluate(INSTALL_FRAME_RECORDER);
  await settle(page, 20);
  const cdp = await context.newCDPSession(page);
  return { page, cdp, loadMs };
}

interface Room {
  roomId: string;
  facilitatorToken: string;
  links: { facilitator: string };
}

async function createRoom(base: string, title: string): Promise<Room> {
  const res = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  if (res.status !== 201) throw new Error(`POST /api/rooms answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Room;
}

/** Seeds through a stock y-websocket client, as any integration would, pacing batches. */
async function seed(wsUrl: string, room: Room, count: number): Promise<{ client: DocClient; notes: SeededNote[] }> {
  const client = connectDoc(wsUrl, room.roomId, 'board', room.facilitatorToken, { syncTimeoutMs: 30_000 });
  await client.synced;
  const notes = await seedBoard(client.doc, count, {
    flush: async () => {
      // Let the socket drain before the next batch (the server caps queued bytes per connection).
      const ws = client.provider.ws as unknown as { bufferedAmount?: number } | null;
      while (ws && (ws.bufferedAmount ?? 0) > 0) await sleep(5);
      await sleep(5);
    },
  });
  return { client, notes };
}

/** Waits until a second client, fresh from the server, holds all notes (the server has them all). */
async function confirmOnServer(wsUrl: string, room: Room, count: number): Promise<DocClient> {
  const observer = connectDoc(wsUrl, room.roomId, 'board', room.facilitatorToken, { syncTimeoutMs: 60_000 });
  await observer.synced;
  await waitFor(() => notesMap(observer.doc).size === count, 60_000, `${count} notes on the server`);
  return observer;
}

/**
 * 1,000 real drags: press on a note, move in four steps, release; each note goes there and back
 * (+50,+30 then −50,−30), so it stays in its area. Measures the board document before and after
 * on a separate client synced from the server.
 */
async function dragTest(page: Page, observer: DocClient, seeded: readonly SeededNote[], drags: number): Promise<DragResult> {
  await page.keyboard.press('Shift+Digit0');
  await settle(page, 30);
  const s = await canvasState(page);
  const { x: camX, y: camY, zoom } = s.camera;
  const margin = 40;
  const candidates = seeded.filter((n) => {
    const x = n.x * zoom + camX;
    const y = n.y * zoom + camY;
    return x > margin && y > margin && x + (NOTE_WIDTH + 60) * zoom < s.rect.w - margin && y + (NOTE_HEIGHT + 40) * zoom < s.rect.h - margin;
  });
  if (candidates.length === 0) throw new Error('no note fully on screen to drag');
  const chosen = candidates.slice(0, 40);
  const offset = new Map(chosen.map((n) => [n.id, 0]));
  const bytesBefore = Y.encodeStateAsUpdate(observer.doc).byteLength;
  let updates = 0;
  let updateBytes = 0;
  const onUpdate = (update: Uint8Array) => {
    updates++;
    updateBytes += update.byteLength;
  };
  observer.doc.on('update', onUpdate);
  const t0 = Date.now();
  for (let i = 0; i < drags; i++) {
    const note = chosen[i % chosen.length]!;
    const moved = offset.get(note.id)!;
    const bx = note.x + moved * 50 + NOTE_WIDTH / 2;
    const by = note.y + moved * 30 + NOTE_HEIGHT / 2;
    const x = s.rect.x + bx * zoom + camX;
    const y = s.rect.y + by * zoom + camY;
    const sign = moved === 0 ? 1 : -1;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let k = 1; k <= 4; k++) await page.mouse.move(x + (sign * 50 * zoom * k) / 4, y + (sign * 30 * zoom * k) / 4);
    await page.mouse.up();
    offset.set(note.id, moved === 0 ? 1 : 0);
  }
  const elapsed = Date.now() - t0;
  // Every note ends where the drags left it, on the server's side too.
  await waitFor(
    () =>
      chosen.every((n) => {
        const pos = notesMap(observer.doc).get(n.id)?.get('pos') as { x: number; y: number } | undefined;
        const o = offset.get(n.id)!;
        return pos !== undefined && pos.x === n.x + o * 50 && pos.y === n.y + o * 30;
      }),
    30_000,
    'every drag to reach the server',
  );
  observer.doc.off('update', onUpdate);
  const bytesAfter = Y.encodeStateAsUpdate(observer.doc).byteLength;
  return {
    drags,
    method: 'real pointer drags (Playwright mouse: down, 4 moves, up) on the canvas at 100%',
    notesDragged: chosen.length,
    msPerDrag: Math.round((elapsed / drags) * 10) / 10,
    docBytesBefore: bytesBefore,
    docBytesAfter: bytesAfter,
    growthBytes: bytesAfter - bytesBefore,
    updatesReceived: updates,
    updateBytesReceived: updateBytes,
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  if (flag('table') !== undefined) {
    console.log(renderTable(JSON.parse(fs.readFileSync(LATEST, 'utf8')) as BenchResults));
    return;
  }
  const sizes = (flag('sizes') ?? '2000,5000,20000').split(',').map(Number).filter((n) => n > 0);
  const drags = Number(flag('drags') ?? 1000);
  buildIfNeeded();
  const cores = os.cpus().length;
  if (os.loadavg()[0]! > cores * 0.5) {
    console.warn(`Note: load average ${os.loadavg()[0]!.toFixed(1)} on ${cores} cores; other work on this machine will show up as slow frames.`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', serveClient: true });
  const base = server.url.replace(/\/+$/, '');
  const wsUrl = base.replace(/^http/, 'ws');
  const browser = await launchChromium();
  const cases: CaseResult[] = [];
  let drag: DragResult | null = null;
  try {
    for (const count of sizes) {
      console.log(`\n${count} notes: seeding…`);
      const room = await createRoom(base, `Bench ${count}`);
      const { client, notes } = await seed(wsUrl, room, count);
      const observer = await confirmOnServer(wsUrl, room, count);
      console.log(`${count} notes: board document ${Y.encodeStateAsUpdate(observer.doc).byteLength} bytes; opening the facilitator view…`);
      const { page, cdp, loadMs } = await openBoard(browser, room.links.facilitator, count);
      const heapLoadedMB = await heapMB(cdp);
      const loadBefore = os.loadavg()[0]!;
      const result = await runCase(page, cdp, notes);
      // The machine is shared (2 cores here): a busy neighbour shows up as slow frames, so say how busy it was.
      const loadAverage = [round2(loadBefore), round2(os.loadavg()[0]!)] as [number, number];
      const row: CaseResult = { notes: count, loadMs, heapLoadedMB, loadAverage, ...result };
      cases.push(row);
      console.log(
        `${count} notes: pan p95 ${row.pan.p95} ms (max ${row.pan.max}), zoom p95 ${row.zoom.p95} ms, fit p95 ${row.fit.p95} ms (${row.fit.notesOnScreen} on screen), heap ${heapLoadedMB} → ${row.heapAfterMB} MB`,
      );
      if (drags > 0 && drag === null && count === Math.min(...sizes)) {
        console.log(`${count} notes: ${drags} drags…`);
        drag = await dragTest(page, observer, notes, drags);
        console.log(`${drags} drags grew the document by ${drag.growthBytes} bytes`);
      }
      await page.context().close();
      client.destroy();
      observer.destroy();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const now = new Date();
  const results: BenchResults = {
    measuredAt: now.toISOString(),
    commit: gitCommit(),
    machine: {
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
    },
    browser: {
      version: browser.version(),
      headless: true,
      flags: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      rendering: 'software: headless Chromium with --disable-gpu rasterises the canvas on the CPU; frame times are as measured here, not on a GPU',
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
    },
    method: {
      frames: 'requestAnimationFrame deltas recorded in the page while the input runs (p50/p95/max in ms)',
      pan: '100% zoom, three 1 s middle-button mouse drags across the canvas (Playwright mouse)',
      zoom: '3 s of wheel events over the middle: 100% → 15% → 100%',
      fit: 'the whole board on screen (Shift+2), then 3 s of small circular middle-button drags: the whole board redrawn every frame',
      heap: 'CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage: once the board is drawn, and after the three runs',
    },
    targets: { panP95Ms20k: 20, fitP95Ms2k: 33, growthBytes1000Drags: 50_000 },
    cases,
    drag,
  };
  if (flag('trace') !== undefined || flag('dry') !== undefined) {
    // Tracing slows the page down: such numbers are never saved as results.
    console.log('\n' + renderTable(results) + '\n(not saved: --trace or --dry)');
    return;
  }
  writeResults('client', now, results, { latest: true });
  console.log('\n' + renderTable(results));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
