/**
 * One phone opening a join link, measured (issue 17): the page marks when the join page is usable
 * and when the note box takes the first letter typed; Chromium's DevTools protocol lists every
 * request with its start time and the bytes it took on the wire. `npm run bench:phone`
 * (bench/phone/bench.ts) runs this several times; tests/e2e/bench-phone.test.ts checks it measures.
 */
import type { Browser, BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { phoneContext } from '../../tests/helpers/browser.ts';

/** A mid-range phone on slow 4G, as the issue measured it. */
export interface PhoneConditions {
  /** Chromium's CPU slow-down factor (Emulation.setCPUThrottlingRate). */
  cpuSlowdown: number;
  /** Both directions, in kbit/s. */
  kbitPerSecond: number;
  /** Round trip, in ms. */
  rttMs: number;
}

export const SLOW_PHONE: PhoneConditions = { cpuSlowdown: 4, kbitPerSecond: 400, rttMs: 400 };

/** One request the page made, times in ms from the start of the navigation. */
export interface RequestRecord {
  url: string;
  /** Document, Script, Stylesheet, Fetch, WebSocket… as Chromium names it. */
  type: string;
  startMs: number;
  endMs: number | null;
  /** Bytes on the wire, headers included (Network.loadingFinished encodedDataLength). */
  bytes: number;
  status: number | null;
  /** The response's content-encoding (br, gzip), or null when sent as is. */
  encoding: string | null;
  fromCache: boolean;
}

export interface PhoneRun {
  /** Join link opened to the Join button on screen (null for a reopened room). */
  joinUsableMs: number | null;
  /** Link opened to the first letter typed showing in the note box. */
  typingMs: number;
  /** Link opened to the note box on screen: the page's own time, without the harness's taps. */
  noteBoxMs: number;
  /** "Join" tapped to that letter: what the person waits for after joining (null for a reopened room). */
  afterJoinMs: number | null;
  /**
   * Whether the service worker registered before the note box was on screen. Its downloads are not
   * slowed by the emulation (only the page's are), so such a run's times and bytes flatter the phone.
   */
  workerBeforeNoteBox: boolean;
  /** HTTP bytes (and the websocket handshakes) finished before that letter. */
  bytesBeforeTyping: number;
  requestsBeforeTyping: number;
  /** Websocket frame payloads received before typing, as the page saw them (after permessage-deflate). */
  websocketPayloadBytes: number;
  /** Responses before typing that came compressed. */
  compressedResponses: number;
  requests: RequestRecord[];
}

/**
 * Runs in the page before any of its scripts: marks (performance.now(), ms from the navigation's
 * start) when the Join button is first on screen and when the note box first holds typed text.
 * A MutationObserver, not polling from the bench, so the marks do not wait on the bench's turn.
 */
const PAGE_MARKS = `(() => {
  const marks = (window.__phoneMarks = { joinUsable: null, joinTapped: null, noteBox: null, typed: null, workerRegistered: null });
  // The service worker's own downloads are not slowed by the page's network emulation: one that
  // registers before the note box shows fetches the app at full speed beside the page, so the
  // page finds its code already there and the run flatters the phone. Marked so the bench says so.
  const workers = navigator.serviceWorker;
  if (workers) {
    const register = workers.register.bind(workers);
    workers.register = (...args) => {
      if (marks.workerRegistered === null) marks.workerRegistered = performance.now();
      return register(...args);
    };
  }
  const joinButton = () => [...document.querySelectorAll('button[type="submit"]')].find((b) => /^Join/.test(b.textContent || '') && !b.disabled);
  const check = () => {
    if (marks.joinUsable === null && joinButton()) marks.joinUsable = performance.now();
    if (marks.noteBox === null && document.querySelector('textarea.composer__text')) marks.noteBox = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[type="submit"]') : null;
    if (marks.joinTapped === null && button && /^Join/.test(button.textContent || '')) marks.joinTapped = performance.now();
  }, true);
  document.addEventListener('input', (event) => {
    const target = event.target;
    if (marks.typed === null && target instanceof HTMLTextAreaElement && target.classList.contains('composer__text') && target.value.length > 0) {
      marks.typed = performance.now();
    }
  }, true);
})()`;

interface PageMarks {
  joinUsable: number | null;
  joinTapped: number | null;
  noteBox: number | null;
  typed: number | null;
  workerRegistered: number | null;
}

/** A new phone (fresh cache and storage) with the conditions applied to its pages. */
export async function openPhone(browser: Browser): Promise<BrowserContext> {
  const context = await phoneContext(browser);
  await context.addInitScript({ content: PAGE_MARKS });
  return context;
}

/** Records every request of one page through CDP; `finish(ms)` summarises those done by then. */
class RequestLog {
  private readonly byId = new Map<string, RequestRecord & { startTs: number }>();
  /** Chromium's monotonic clock (s) when the page's document was requested: time zero. */
  private zero: number | null = null;
  private wsPayload: Array<{ ts: number; bytes: number }> = [];

  constructor(cdp: CDPSession) {
    const at = (ts: number) => (this.zero === null ? 0 : (ts - this.zero) * 1000);
    cdp.on('Network.requestWillBeSent', (e) => {
      if (this.zero === null && e.type === 'Document') this.zero = e.timestamp;
      const known = this.byId.get(e.requestId);
      // A redirect reuses the id: keep the first start.
      if (known) return;
      this.byId.set(e.requestId, {
        url: e.request.url,
        type: e.type ?? 'Other',
        startTs: e.timestamp,
        startMs: 0,
        endMs: null,
        bytes: 0,
        status: null,
        encoding: null,
        fromCache: false,
      });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.fromCache = Boolean(e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker);
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      r.encoding = headers['content-encoding'] ?? null;
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = this.byId.get(e.requestId);
      if (r) r.fromCache = true;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.endMs = at(e.timestamp);
      r.bytes = e.encodedDataLength;
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = this.byId.get(e.requestId);
      if (r) r.endMs = at(e.timestamp);
    });
    // Websockets: the handshake is HTTP (its header bytes count); frames are counted apart.
    cdp.on('Network.webSocketCreated', (e) => {
      this.byId.set(e.requestId, { url: e.url, type: 'WebSocket', startTs: Number.NaN, startMs: 0, endMs: null, bytes: 0, status: null, encoding: null, fromCache: false });
    });
    cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.startTs = e.timestamp;
      r.bytes += headerBytes(e.request.headers) + `GET ${new URL(r.url).pathname} HTTP/1.1\r\n`.length;
    });
    cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
      const r = this.byId.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      r.endMs = at(e.timestamp);
      r.bytes += e.response.headersText ? e.response.headersText.length : headerBytes(e.response.headers) + 'HTTP/1.1 101 Switching Protocols\r\n'.length;
    });
    cdp.on('Network.webSocketFrameReceived', (e) => {
      const data = e.response.payloadData;
      // Binary frames (opcode 2) come base64-encoded.
      const bytes = e.response.opcode === 2 ? Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0) : Buffer.byteLength(data);
      this.wsPayload.push({ ts: e.timestamp, bytes });
    });
  }

  /** Every request with times from the navigation's start, and what was done by `untilMs`. */
  summary(untilMs: number): Pick<PhoneRun, 'bytesBeforeTyping' | 'requestsBeforeTyping' | 'websocketPayloadBytes' | 'compressedResponses' | 'requests'> {
    const zero = this.zero ?? 0;
    const requests = [...this.byId.values()]
      .filter((r) => !Number.isNaN(r.startTs))
      .map(({ startTs, ...r }) => ({ ...r, startMs: round((startTs - zero) * 1000), endMs: r.endMs === null ? null : round(r.endMs) }))
      .sort((a, b) => a.startMs - b.startMs);
    const done = requests.filter((r) => r.endMs !== null && r.endMs <= untilMs);
    return {
      bytesBeforeTyping: done.reduce((sum, r) => sum + r.bytes, 0),
      requestsBeforeTyping: done.length,
      websocketPayloadBytes: this.wsPayload.filter((f) => (f.ts - zero) * 1000 <= untilMs).reduce((sum, f) => sum + f.bytes, 0),
      compressedResponses: done.filter((r) => r.encoding !== null).length,
      requests,
    };
  }
}

function headerBytes(headers: Record<string, unknown>): number {
  return Object.entries(headers).reduce((sum, [k, v]) => sum + k.length + 2 + String(v).length + 2, 2);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function slowDown(page: Page, conditions: PhoneConditions | null): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (conditions) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: conditions.cpuSlowdown });
    const bytesPerSecond = (conditions.kbitPerSecond * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: conditions.rttMs,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  return cdp;
}

/**
 * Taps the middle of what is already on screen, as a finger would: one round trip to the page
 * for where it is, not Playwright's actionability checks (several round trips each, seconds
 * under a 4x slower CPU on a busy machine, which would be counted as the phone's time). Falls
 * back to the checked tap when it is not in view.
 */
async function tapAtOnce(page: Page, target: Locator, timeoutMs: number): Promise<void> {
  const box = await target.boundingBox({ timeout: timeoutMs });
  const view = page.viewportSize();
  if (box && view && box.y >= 0 && box.y + box.height <= view.height && box.width > 0) {
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  } else {
    await target.tap({ timeout: timeoutMs });
  }
}

/** Waits for the page to set a mark. A function, not a string: the page's CSP forbids eval. */
async function waitForMark(page: Page, mark: keyof PageMarks, timeoutMs: number): Promise<void> {
  await page.waitForFunction((name) => (window as unknown as { __phoneMarks: Record<string, number | null> }).__phoneMarks[name] !== null, mark, {
    timeout: timeoutMs,
  });
}

async function marksOf(page: Page): Promise<PageMarks> {
  return (await page.evaluate('window.__phoneMarks')) as PageMarks;
}

/**
 * Opens `url` in a new page of `phone` and types one letter in the note box, as a person would:
 * on a join link, tap Join as soon as it shows (the code is filled in from the link). Times are
 * the page's own, from the start of the navigation.
 */
export async function openAndType(phone: BrowserContext, url: string, conditions: PhoneConditions | null, timeoutMs = 60_000): Promise<PhoneRun> {
  const page = await phone.newPage();
  try {
    const cdp = await slowDown(page, conditions);
    const log = new RequestLog(cdp);
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    let joinUsableMs: number | null = null;
    let joinTappedMs: number | null = null;
    if (new URL(url).pathname.startsWith('/join')) {
      await waitForMark(page, 'joinUsable', timeoutMs);
      await tapAtOnce(page, page.getByRole('button', { name: /^Join/ }), timeoutMs);
      ({ joinUsable: joinUsableMs, joinTapped: joinTappedMs } = await marksOf(page));
    }
    await waitForMark(page, 'noteBox', timeoutMs);
    const noteBox = page.locator('textarea.composer__text');
    await tapAtOnce(page, noteBox, timeoutMs);
    await page.keyboard.type('a');
    await waitForMark(page, 'typed', timeoutMs);
    const marks = await marksOf(page);
    const typed = marks.typed!;
    // A reopened room brings back the unsent draft, so the letter is added to it.
    if (!(await noteBox.inputValue()).endsWith('a')) throw new Error('the note box did not keep the letter typed');
    // Not timed: the phone keeps the page open until its service worker is installed, as a phone
    // does between one visit and the next, so the warm reopen is served by it.
    await page.waitForFunction(() => navigator.serviceWorker?.ready.then(() => true) ?? true, undefined, { timeout: timeoutMs });
    return {
      joinUsableMs: joinUsableMs === null ? null : round(joinUsableMs),
      typingMs: round(typed),
      afterJoinMs: joinTappedMs === null ? null : round(typed - joinTappedMs),
      noteBoxMs: round(marks.noteBox!),
      workerBeforeNoteBox: marks.workerRegistered !== null && marks.workerRegistered < marks.noteBox!,
      ...log.summary(typed),
    };
  } finally {
    await page.close();
  }
}
