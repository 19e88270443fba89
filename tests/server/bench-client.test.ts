import http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws';
import { BenchClient, nextNoteIn, nowMs, watchNotes, writeNote, type Dialect } from '../../bench/server/client.ts';
import { summarize } from '../../bench/server/stats.ts';
// @ts-expect-error plain ESM script without types
import { renderServerTable } from '../../scripts/bench-server-table.mjs';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';

// `npm run bench:server` is not part of `npm test`; this keeps its raw-protocol client honest
// against each server it measures, so the harness cannot silently rot.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function exercise(dialect: Dialect, writerAt: { url: string; docName?: string; token?: string }, readersAt: Array<{ url: string; docName?: string; token?: string }>) {
  const presence: Array<Record<string, unknown> | null> = [];
  const writer = new BenchClient({ dialect, ...writerAt });
  const readers = readersAt.map((at) => new BenchClient({ dialect, ...at, onAwareness: (_id, state) => presence.push(state) }));
  // The load generator's readers: they find notes in the frames and apply nothing.
  let scanned = 0;
  const scanner = new BenchClient({
    dialect,
    ...readersAt[0]!,
    applyRemote: false,
    onRemote: (kind, payload) => {
      if (kind === 'update') scanned = nextNoteIn(payload, 'run', scanned, 5);
    },
  });
  cleanups.push(() => [writer, scanner, ...readers].forEach((c) => c.close()));
  await Promise.all([writer.synced, scanner.synced, ...readers.map((r) => r.synced)]);
  const seen = readers.map(() => [] as number[]);
  readers.forEach((r, i) => watchNotes(r, (key, sentAt, at) => key.startsWith('run-') && seen[i]!.push(at - sentAt)));
  const firstSent = nowMs();
  for (let seq = 0; seq < 5; seq++) writeNote(writer, seq, 'run');
  await waitFor(() => seen.every((s) => s.length === 5) && scanned === 5, 5_000, 'every reader to receive 5 notes');
  const allReceived = nowMs();
  expect(scanner.doc.getMap('notes').size).toBe(0);
  const latency = summarize(Float64Array.from(seen.flat()));
  expect(latency.count).toBe(5 * readers.length);
  // Each delay the harness reports happened inside this test's own window: no note arrives before
  // it was written, nor later than the moment every reader had them all. A harness that read the
  // wrong field or clock (a timestamp, a sequence number, seconds) falls outside.
  for (const delay of seen.flat()) {
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(allReceived - firstSent);
  }
  expect(latency.p50).toBeLessThanOrEqual(latency.p99);
  expect(latency.p99).toBeLessThanOrEqual(latency.max);
  expect(latency.max).toBe(Math.round(Math.max(...seen.flat()) * 100) / 100);
  expect(readers[0]!.doc.getMap('notes').size).toBe(5);

  writer.setAwareness({ cursor: { x: 1, y: 2 }, t: Date.now() });
  await waitFor(() => presence.some((s) => (s?.cursor as { x?: number } | undefined)?.x === 1), 5_000, 'presence to reach a reader');
  expect(writer.closed).toBe(false);
}

describe('bench:server raw-protocol client', () => {
  const tributary = useServer();
  test('syncs with Tributary and measures delivered notes and presence', async () => {
    const room = await tributary.room('Bench');
    const at = (token: string) => ({ url: `${tributary.wsUrl}/yjs/${room.roomId}/board?token=${token}` });
    const readers = [at(await tributary.join(room.joinCode)), at(await tributary.join(room.joinCode))];
    await exercise('y', at(room.facilitatorToken), readers);
  });

  test('speaks the stock protocol of @y/websocket-server', async () => {
    const { setupWSConnection } = await import('@y/websocket-server/utils');
    const wss = new WebSocketServer({ noServer: true });
    const server = http.createServer();
    wss.on('connection', setupWSConnection);
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => server.close(resolve));
    });
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/bench-test-room`;
    await exercise('y', { url }, [{ url }, { url }]);
  });

  test('speaks the multiplexed protocol of @hocuspocus/server', async () => {
    const { Server } = await import('@hocuspocus/server');
    const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
    await server.listen();
    cleanups.push(() => server.destroy());
    const at = { url: `ws://127.0.0.1:${server.address.port}`, docName: 'bench-test-room', token: 'bench' };
    await exercise('hocuspocus', at, [at, at]);
  });

  test('renders the README table from a results file', () => {
    const table = renderServerTable({
      measuredAt: '2026-01-01T00:00:00.000Z',
      machine: { cores: 2, cpu: 'test', node: 'v20', loadAverageBefore: [1, 1, 1] },
      packages: {},
      scenarios: [
        {
          id: 'rooms-50x10',
          title: 't',
          results: {
            tributary: { deliveryPct: 100, fanoutMs: { p50: 1, p99: 2, max: 3 }, updatesPerSec: 10, rssPeakMB: 1 },
            hocuspocus: { deliveryPct: 100, fanoutMs: { p50: 2, p99: 4, max: 5 }, updatesPerSec: 10, rssPeakMB: 2 },
          },
          ratios: { hocuspocus: { fanoutP50: 0.5, fanoutP99: 0.5 } },
          targets: [{ target: 'delivery 100%', value: '100%', met: true }],
        },
      ],
    }) as string;
    expect(table).toContain('| rooms-50x10 | tributary | 100% | 1 / 2 / 3 |');
    expect(table).toContain('*Tributary / hocuspocus*');
    expect(table).toContain('0.50x');
  });
});
