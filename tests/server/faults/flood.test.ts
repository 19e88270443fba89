import { beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  MESSAGE_AWARENESS,
  closedWithin,
  encodeUpdateMessage,
  pace,
  rawRoundTrip,
  waitFor,
  type DocClient,
  type RawSocket,
} from '../../helpers/clients.ts';
import { FACILITATOR_WRITER, writeNote } from '../../helpers/board.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';
import { encodeAwarenessFrame, encodeAwarenessUpdate } from '../../../server/src/sync/protocol.ts';

// "A flooding client is throttled while others' latency stays within 2x of baseline" (issue 6).
// The server runs as a child process, so its event loop is not the one measuring. Its limits are
// the defaults (60 updates/s, burst 200) except a deeper queue, so the flooder can be measured
// for a few seconds before it is cut off.

const RATE = 60;
const BURST = 200;
const QUEUE_FRAMES = 20_000;

const server = useServer({ process: 'child', env: { WS_MAX_QUEUED_FRAMES: String(QUEUE_FRAMES) } });
let room: CreatedRoom;

beforeAll(async () => {
  room = await server.room('Flood');
});

function connect(): DocClient {
  return server.doc(room.roomId, 'board', room.facilitatorToken);
}

function raw(): RawSocket {
  return server.raw({ roomId: room.roomId, docName: 'board', token: room.facilitatorToken });
}

async function metric(name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** Round trips of the bystanders' own updates: A writes a note, B sees it. */
async function measureLatency(a: DocClient, b: DocClient, samples: number, tag: string): Promise<number[]> {
  const seen = new Map<string, number>();
  const pings = b.doc.getMap<Y.Map<unknown>>('notes');
  const observer = (event: Y.YMapEvent<Y.Map<unknown>>) => {
    for (const key of event.keysChanged) if (!seen.has(key)) seen.set(key, performance.now());
  };
  pings.observe(observer);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const key = `note_ping-${tag}-${i}`;
      const sent = performance.now();
      writeNote(a.doc, FACILITATOR_WRITER, { text: `ping ${i}` }, key);
      await waitFor(() => seen.has(key), 10_000, `ping ${key}`, 1);
      latencies.push(seen.get(key)! - sent);
      await pace(20);
    }
  } finally {
    pings.unobserve(observer);
  }
  return latencies;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const FLOOD_PREFIX = 'note_flood-';

/** Update frames of a flooding document (the facilitator's, so every one is allowed), one note each. */
function floodFrames(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => frames.push(encodeUpdateMessage(update)));
  for (let i = 0; i < count; i++) writeNote(doc, FACILITATOR_WRITER, { text: `flood ${i}` }, `${FLOOD_PREFIX}${i}`);
  doc.destroy();
  return frames;
}

/** Flood notes a client holds. */
function floodNotes(doc: Y.Doc): number {
  return [...doc.getMap('notes').keys()].filter((id) => id.startsWith(FLOOD_PREFIX)).length;
}

describe('a flooding client', () => {
  test('is throttled, loses nothing it was allowed to send, and bystanders keep their latency', async () => {
    const a = connect();
    const b = connect();
    await Promise.all([a.synced, b.synced]);
    await measureLatency(a, b, 5, 'warmup');
    const baseline = await measureLatency(a, b, 40, 'base');

    // 2,000 frames a second, 33 times the budget, until 1,200 are sent; the server holds most
    // of them in the flooder's queue while the bystanders measure.
    const frames = floodFrames(1200);
    const flooder = raw();
    await flooder.opened;
    const floodStart = performance.now();
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 20 && sent < frames.length; i++) flooder.ws.send(frames[sent++]!);
      if (sent >= frames.length) clearInterval(pump);
    }, 10);
    const flooded = await measureLatency(a, b, 60, 'flood');
    const acceptedAt = performance.now();
    const accepted = floodNotes(b.doc);
    const elapsedS = (acceptedAt - floodStart) / 1000;
    clearInterval(pump);

    const base = median(baseline);
    const during = median(flooded);
    console.log(
      `bystander latency: baseline median ${base.toFixed(1)} ms, during the flood ${during.toFixed(1)} ms ` +
        `(p90 ${[...flooded].sort((x, y) => x - y)[Math.floor(flooded.length * 0.9)]!.toFixed(1)} ms); ` +
        `flooder sent ${sent} updates, ${accepted} accepted in ${elapsedS.toFixed(2)} s (allowed ${Math.floor(BURST + RATE * elapsedS)})`,
    );
    // A noisy shared machine: the bound is checked against the baseline before the flood and,
    // if it fails, against a second baseline measured after the flooder is gone (below).
    const withinBefore = during <= 2 * base + 20;
    expect(accepted).toBeGreaterThan(BURST / 2);
    // Relayed after storage, so the bystander's count is at most what the server accepted.
    expect(accepted).toBeLessThanOrEqual(BURST + RATE * elapsedS + 5);
    expect(await metric('tributary_frames_throttled_total', '{kind="update"}')).toBeGreaterThan(0);

    // Throttled, not dropped: everything sent while within the queue arrives, at the rate.
    const total = sent;
    await waitFor(() => floodNotes(b.doc) === total, 60_000, `all ${total} flood updates (has ${floodNotes(b.doc)})`, 100);

    // Past the queue's bound, the flooder is cut off with 4429 and the others carry on.
    const blast = frames[0]!;
    for (let i = 0; i < QUEUE_FRAMES + 1000; i++) flooder.ws.send(blast);
    const closed = await closedWithin(flooder, 10_000, 'the flooder');
    console.log(`flooder closed with ${closed.code} ${closed.reason}`);
    expect(closed.code).toBe(4429);
    expect(await metric('tributary_rate_limited_closes_total', '{direction="inbound"}')).toBe(1);
    const after = median(await measureLatency(a, b, 40, 'after'));
    console.log(`bystander latency after the flooder was closed: median ${after.toFixed(1)} ms`);
    expect(withinBefore || during <= 2 * after + 20, `flood median ${during} ms vs baselines ${base} / ${after} ms`).toBe(true);
    expect(a.closes.filter((c) => c.code >= 4000)).toEqual([]);
  }, 180_000);

  test('an awareness flood is merged and coalesced, never queued without bound', async () => {
    const watcher = raw();
    await watcher.opened;
    const flooder = raw();
    await flooder.opened;
    // Whatever the server says to a newcomer has reached the watcher before the count starts.
    await rawRoundTrip(flooder);
    await rawRoundTrip(watcher);
    const before = watcher.messages.length;
    const clientId = 424242;
    const started = performance.now();
    const count = 20_000;
    for (let clock = 1; clock <= count; clock++) {
      flooder.ws.send(encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId, clock, state: { cursor: { x: clock, y: 0 } } }])));
      if (clock % 2000 === 0) await pace(5);
    }
    const lastState = (m: Uint8Array) => m[0] === MESSAGE_AWARENESS && new TextDecoder().decode(m).includes(`"x":${count},`);
    await waitFor(() => watcher.messages.some(lastState), 15_000, 'the newest presence to arrive');
    const elapsedMs = performance.now() - started;
    const frames = watcher.messages.slice(before).filter((m) => m[0] === MESSAGE_AWARENESS).length;
    const superseded = await metric('tributary_awareness_superseded_total');
    console.log(
      `awareness flood: ${count} frames sent in ${elapsedMs.toFixed(0)} ms, watcher got ${frames} awareness frames, ${superseded} merged away`,
    );
    // At most one broadcast per 50 ms window (plus a few for timing), not one per frame.
    expect(frames).toBeLessThanOrEqual(Math.ceil(elapsedMs / 50) + 5);
    expect(superseded).toBeGreaterThan(count / 2);
    expect(flooder.ws.readyState).toBe(flooder.ws.OPEN);
  }, 60_000);
});
