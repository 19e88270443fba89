import { describe, expect, test } from 'vitest';
import { coldThenWarm, median, renderTable, renderWaterfall } from '../../bench/phone/bench.ts';
import { SLOW_PHONE } from '../../bench/phone/measure.ts';
import { useBrowser, useServer } from '../helpers/fixture.ts';

/**
 * `npm run bench:phone` measures what it says (issue 17): one phone against a real server with
 * the built client, from the join link to a letter in the note box, then the room reopened warm.
 * Not a timing test: it checks the measurements exist and hang together, not how fast they are.
 */
describe('bench:phone measures a phone from join link to typing', () => {
  const server = useServer({ serveClient: true });
  const chromium = useBrowser();

  test('a cold run reaches the note box with a positive byte count; the warm run comes from the cache', async () => {
    const room = await server.room('Measured room');
    const target = { joinLink: `${server.url}/join/${room.joinCode}`, roomPath: `${server.url}/room/${encodeURIComponent(room.roomId)}` };
    // The slow phone's CPU, but not its network: this checks the harness, quickly.
    const { cold, warm } = await coldThenWarm(await chromium.browser(), target, { ...SLOW_PHONE, kbitPerSecond: 100_000, rttMs: 0 }, true);
    console.log(`${renderWaterfall(cold)}\nwarm:\n${renderWaterfall(warm!)}`);

    expect(cold.joinUsableMs).toBeGreaterThan(0);
    expect(cold.typingMs).toBeGreaterThan(cold.joinUsableMs!);
    expect(cold.afterJoinMs).toBeGreaterThan(0);
    expect(cold.noteBoxMs).toBeGreaterThan(cold.joinUsableMs!);
    expect(cold.noteBoxMs).toBeLessThanOrEqual(cold.typingMs);
    expect(cold.afterJoinMs).toBeLessThan(cold.typingMs - cold.joinUsableMs! + 1);
    expect(cold.bytesBeforeTyping).toBeGreaterThan(50_000);
    // The service worker waits on the join page until the room is open: its downloads would share
    // a slow link with joining (and are not slowed by the emulation, so they would flatter the run).
    expect(cold.workerBeforeNoteBox).toBe(false);
    expect(cold.requestsBeforeTyping).toBeGreaterThan(5);
    const paths = cold.requests.map((r) => new URL(r.url).pathname);
    expect(paths[0]).toBe(`/join/${room.joinCode}`);
    expect(paths).toContain('/api/join');
    expect(paths.some((p) => /\/assets\/ParticipantView-.*\.js$/.test(p))).toBe(true);
    // The note box is on screen before the live room connects: the phone view loads the live room
    // (Yjs, the two documents' websockets) only after its first paint, once the person pauses
    // (useLiveRoom.ts). Whether they open before the letter is typed depends on how long the tap
    // takes; those that do are counted with their handshakes.
    const websockets = cold.requests.filter((r) => r.type === 'WebSocket');
    expect(websockets.length).toBeLessThanOrEqual(2);
    for (const socket of websockets) {
      expect(socket.startMs).toBeGreaterThan(cold.noteBoxMs);
      if (socket.endMs !== null) expect(socket.bytes).toBeGreaterThan(0);
    }
    // The clock offset is read once per page.
    expect(paths.filter((p) => p === '/api/time').length).toBeLessThanOrEqual(1);

    expect(warm!.joinUsableMs).toBeNull();
    expect(warm!.afterJoinMs).toBeNull();
    expect(warm!.typingMs).toBeGreaterThan(0);
    const scripts = warm!.requests.filter((r) => r.type === 'Script');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((r) => r.fromCache)).toBe(true);
  });

  test('the table reports medians against the targets', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const run = { joinUsableMs: 1000, typingMs: 3000, noteBoxMs: 2800, afterJoinMs: 1500, workerBeforeNoteBox: false, bytesBeforeTyping: 100_000, requestsBeforeTyping: 10, websocketPayloadBytes: 0, compressedResponses: 0, requests: [] };
    const table = renderTable({
      measuredAt: '',
      machine: { cpus: '', cores: 2, node: '', loadBefore: [] },
      conditions: SLOW_PHONE,
      runs: 1,
      quick: false,
      entry: '',
      servers: {
        shipped: { env: {}, cold: [run], warm: [], median: { joinUsableMs: 1000, typingMs: 3000, noteBoxMs: 2800, afterJoinMs: 1500, bytesBeforeTyping: 100_000, requestsBeforeTyping: 10, warmTypingMs: 800 } },
        uncompressed: { env: {}, cold: [run], warm: [], median: { joinUsableMs: 2000, typingMs: 6000, noteBoxMs: 5600, afterJoinMs: 3000, bytesBeforeTyping: 300_000, requestsBeforeTyping: 10, warmTypingMs: 900 } },
      },
      ratios: { joinUsable: 0.5, typing: 0.5, noteBox: 0.5, afterJoin: 0.5, bytesBeforeTyping: 0.33, warmTyping: 0.89 },
      targets: { coldTypingMs: 4000, warmTypingMs: 1000, bytesBeforeTyping: 110_000 },
    });
    expect(table).toContain('| join link to typing in the note box (cold) | 3.00 s | 6.00 s | 0.50x | ≤ 4.0 s: met |');
    expect(table).toContain('| join link to the note box on screen | 2.80 s | 5.60 s | 0.50x | none |');
    expect(table).toContain('| of which after tapping Join (tapped at once) | 1.50 s | 3.00 s | 0.50x | none |');
    expect(table).toContain('| HTTP bytes before typing (requests) | 100.0 kB (10) | 300.0 kB (10) | 0.33x | ≤ 110 kB: met |');
    expect(table).toContain('| reopening the room, warm cache, to typing | 0.80 s | 0.90 s | 0.89x | ≤ 1.0 s: met |');
  });
});
