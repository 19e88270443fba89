import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, test } from 'vitest';
import { RedisRoomBus } from '../../../server/src/sync/redisBus.ts';
import { pace, waitFor } from '../../helpers/clients.ts';

// With Redis down, a process must keep serving: loading a room it has not loaded yet must not
// wait for Redis to come back (ioredis would hold the SUBSCRIBE in its offline queue for ever,
// and with it the room's people and any command holding the room lock). A private redis-server
// on its own port, so the shared one is never touched.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return child;
    await pace(100);
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start on a private port (is it installed? apt-get install redis-server)');
}

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('the Redis bus while Redis is down', () => {
  test('subscribing to a new room returns at once; messages flow again once Redis is back', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanup.push(() => redis.kill('SIGKILL'));
    const publisher = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 100 });
    publisher.on('error', () => undefined);
    const bus = new RedisRoomBus(publisher, { prefix: 'down-test:', logger });
    cleanup.push(async () => {
      await bus.close();
      publisher.disconnect();
    });
    await bus.connect();
    let reconnected = 0;
    bus.onReconnect(() => reconnected++);

    redis.kill('SIGKILL');
    // Both of the bus's connections have noticed: the subscribe below meets Redis down, not up.
    const subscriber = (bus as unknown as { subscriber: Redis }).subscriber;
    await waitFor(() => publisher.status !== 'ready' && subscriber.status !== 'ready', 5000, 'the bus sees Redis down');
    const received: string[] = [];
    const started = Date.now();
    await bus.subscribe('room-while-down', (message) => received.push(message.kind));
    expect(Date.now() - started).toBeLessThan(1000);

    redis = await startRedis(port);
    // After the reconnect (and its catch-up), another process's message reaches this room.
    const otherPublisher = new Redis({ port, host: '127.0.0.1' });
    cleanup.push(() => otherPublisher.disconnect());
    const other = new RedisRoomBus(otherPublisher, { prefix: 'down-test:', logger });
    cleanup.push(() => other.close());
    await other.connect();
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      other.publish('room-while-down', 'board', 'update', new Uint8Array([0, 0]), 1);
      // Sent again until one arrives: those sent before the resubscribe are lost by design.
      await pace(200);
    }
    expect(received[0]).toBe('update');
    // And the room was told to catch up from storage for what it missed while Redis was down.
    await waitFor(() => reconnected >= 1, 5000, 'the reconnect reported to the room');
  });
});
