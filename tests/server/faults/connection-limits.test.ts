import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@tributary/shared/protocol';
import {
  Connection,
  DEFAULT_CONNECTION_LIMITS,
  frameKind,
  type ConnectionLimits,
  type Transport,
} from '../../../server/src/sync/connection.ts';
import {
  decodeClientMessage,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncUpdate,
} from '../../../server/src/sync/protocol.ts';

// The per-connection token buckets and queue bound (DESIGN.md section 4), driven with fake
// timers and no sockets: updates wait rather than drop, awareness merges, a flood is closed.

function fakeTransport() {
  const closes: Array<{ code: number; reason: string }> = [];
  const transport: Transport = {
    send() {},
    close(code, reason) {
      closes.push({ code, reason });
    },
    bufferedAmount: 0,
  };
  return { transport, closes };
}

const identity = { roomId: 'r', docName: 'board' as const, role: 'participant' as const, participantId: 'p', name: null };

function updateFrame(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(`k${i}`, i);
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
}

function awarenessFrame(clientId: number, clock: number, state: Record<string, unknown> | null): Uint8Array {
  return encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId, clock, state }]));
}

function setup(limits: Partial<ConnectionLimits> = {}) {
  const { transport, closes } = fakeTransport();
  const metrics = { throttled: 0, superseded: 0, rateLimited: [] as string[] };
  const connection = new Connection(
    transport,
    identity,
    { ...DEFAULT_CONNECTION_LIMITS, ...limits },
    {
      throttled: () => void metrics.throttled++,
      awarenessSuperseded: () => void metrics.superseded++,
      rateLimited: (direction) => void metrics.rateLimited.push(direction),
    },
    () => Date.now(),
  );
  const handled: Uint8Array[] = [];
  connection.attach((_c, frame) => {
    handled.push(frame);
  });
  return { connection, closes, metrics, handled };
}

describe('per-connection rate limits', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('frames are classified from their first bytes', () => {
    expect(frameKind(updateFrame(1))).toBe('update');
    expect(frameKind(encodeSyncStep1(new Uint8Array([0])))).toBe('read');
    expect(frameKind(awarenessFrame(1, 1, {}))).toBe('awareness');
    expect(frameKind(new Uint8Array([3]))).toBe('read');
    expect(frameKind(new Uint8Array([0xff, 0xff]))).toBe('read');
  });

  test('updates over the burst wait for tokens, in order, and none is dropped', () => {
    const { connection, handled, metrics, closes } = setup({ updatesPerSecond: 10, updateBurst: 5 });
    const frames = Array.from({ length: 25 }, (_, i) => updateFrame(i));
    for (const frame of frames) connection.receive(frame);
    expect(handled.length).toBe(5);
    expect(connection.queuedFrames).toBe(20);
    expect(metrics.throttled).toBeGreaterThan(0);
    vi.advanceTimersByTime(1000);
    expect(handled.length).toBe(15);
    vi.advanceTimersByTime(1000);
    expect(handled).toEqual(frames);
    expect(closes).toEqual([]);
  });

  test('a flood that fills the queue is closed with 4429 and its queue released', () => {
    const { connection, closes, metrics } = setup({ updatesPerSecond: 10, updateBurst: 5, maxQueuedFrames: 50 });
    for (let i = 0; i < 100; i++) connection.receive(updateFrame(i));
    expect(closes).toEqual([{ code: CloseCode.RateLimited, reason: 'sending faster than the server accepts' }]);
    expect(metrics.rateLimited).toEqual(['inbound']);
    expect(connection.queuedFrames).toBe(0);
  });

  test('the queue is bounded in bytes too', () => {
    const { connection, closes } = setup({ updatesPerSecond: 1, updateBurst: 1, maxQueuedBytes: 4096 });
    const big = encodeSyncUpdate(new Uint8Array(1500));
    for (let i = 0; i < 5; i++) connection.receive(big);
    expect(closes[0]?.code).toBe(CloseCode.RateLimited);
  });

  test('awareness over budget is merged: the newest state per client id, never a growing queue', () => {
    const { connection, handled, metrics } = setup({ awarenessPerSecond: 1, awarenessBurst: 1 });
    connection.receive(awarenessFrame(7, 1, { n: 1 }));
    expect(handled.length).toBe(1);
    for (let i = 2; i <= 1000; i++) connection.receive(awarenessFrame(7, i, { n: i }));
    // An echo of someone else's presence (stock clients send those) must not wipe out our own.
    connection.receive(awarenessFrame(9, 4, { other: true }));
    expect(connection.queuedFrames).toBe(1);
    expect(metrics.superseded).toBe(999);
    vi.advanceTimersByTime(1000);
    expect(handled.length).toBe(2);
    const message = decodeClientMessage(handled[1]!);
    expect(message).toEqual({
      type: 'awareness',
      entries: [
        { clientId: 7, clock: 1000, state: { n: 1000 } },
        { clientId: 9, clock: 4, state: { other: true } },
      ],
      oversized: 0,
    });
  });

  test('awareness and updates have separate buckets', () => {
    const { connection, handled } = setup({ updatesPerSecond: 1, updateBurst: 1, awarenessPerSecond: 100, awarenessBurst: 10 });
    connection.receive(updateFrame(1));
    connection.receive(awarenessFrame(7, 1, { n: 1 }));
    expect(handled.length).toBe(2);
    connection.receive(updateFrame(2));
    // Order is kept: awareness behind a waiting update waits too.
    connection.receive(awarenessFrame(7, 2, { n: 2 }));
    expect(handled.length).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(handled.length).toBe(4);
  });

  test('a client that goes away still has its waiting updates applied', () => {
    const { connection, handled } = setup({ updatesPerSecond: 1, updateBurst: 1 });
    for (let i = 0; i < 10; i++) connection.receive(updateFrame(i));
    connection.receive(awarenessFrame(7, 1, { n: 1 }));
    expect(handled.length).toBe(1);
    connection.notifyClosed();
    // All ten updates, no awareness (the client is gone).
    expect(handled.length).toBe(10);
    expect(handled.every((frame) => frameKind(frame) === 'update')).toBe(true);
  });

  test('frames received before the room is attached wait, then run in order', () => {
    const { transport } = fakeTransport();
    const connection = new Connection(transport, identity);
    const frames = [encodeSyncStep1(new Uint8Array([0])), updateFrame(1), awarenessFrame(1, 1, {})];
    for (const frame of frames) connection.receive(frame);
    const handled: Uint8Array[] = [];
    connection.attach((_c, frame) => {
      handled.push(frame);
    });
    expect(handled).toEqual(frames);
  });
});
