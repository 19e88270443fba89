import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DOC_NAMES, type DocName } from '@tributary/shared/protocol';
import type { BusHandler, BusKind, BusMessage, RoomBus } from './bus.ts';
import type { Logger } from './reporting.ts';

/**
 * A message on the wire: a fixed header, then the payload as it is (binary, no base64).
 *   0      format version (1)
 *   1..16  sender: a random id per process, so a process drops its own messages
 *   17     document (index in DOC_NAMES)
 *   18     kind (0 update, 1 awareness, 2 presence-query, 3 participant-removed)
 *   19..26 seq as a float64 (0 when none)
 *   27..   payload
 */
const VERSION = 1;
const HEADER = 27;
const KINDS: BusKind[] = ['update', 'awareness', 'presence-query', 'participant-removed'];

/**
 * Fan-out between server processes over Redis pub/sub: a channel per room, one connection to
 * publish (shared with the rate limits) and one to subscribe. Redis delivers a message to every
 * process subscribed at that moment and to nobody later; what a process misses while its
 * connection is down it reads from storage once it is back (`onReconnect`).
 */
export class RedisRoomBus implements RoomBus {
  readonly distributed = true;
  /** Random per process (not per server: a test may run two in one process). */
  readonly senderId = randomBytes(16);
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /** SUBSCRIBE commands not yet acknowledged, per channel. */
  private readonly subscribing = new Map<string, Promise<unknown>>();
  private readonly reconnectListeners: Array<() => void> = [];
  private readyOnce = false;
  private closed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly options: { prefix: string; logger: Logger },
  ) {
    this.subscriber = publisher.duplicate();
    this.subscriber.on('error', (error: Error) => this.options.logger.warn({ err: error.message }, 'redis subscriber connection error'));
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString('utf8'), message));
    this.subscriber.on('ready', () => {
      if (!this.readyOnce) {
        this.readyOnce = true;
        return;
      }
      this.options.logger.warn({}, 'redis subscriber reconnected; rooms catch up from storage');
      // ioredis resubscribes on reconnect; give the SUBSCRIBE replies a moment so the catch-up
      // read cannot fall before the subscription is live again.
      setTimeout(() => {
        for (const listener of this.reconnectListeners) listener();
      }, 250).unref();
    });
  }

  /** Waits for both connections (the server refuses to start without its bus). */
  async connect(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()]);
  }

  private channel(roomId: string): string {
    return `${this.options.prefix}room:${roomId}`;
  }

  publish(roomId: string, docName: DocName, kind: BusKind, payload: Uint8Array, seq = 0): void {
    if (this.closed) return;
    const message = Buffer.allocUnsafe(HEADER + payload.byteLength);
    message[0] = VERSION;
    this.senderId.copy(message, 1);
    message[17] = DOC_NAMES.indexOf(docName);
    message[18] = KINDS.indexOf(kind);
    message.writeDoubleBE(seq, 19);
    message.set(payload, HEADER);
    this.publisher.publish(this.channel(roomId), message).catch((error: Error) => {
      // Other processes miss this one message; they catch up from storage before commands,
      // compactions and after reconnects, and their clients re-sync on reconnect.
      this.options.logger.warn({ roomId, kind, err: error.message }, 'publishing to redis failed');
    });
  }

  private receive(channel: string, message: Buffer): void {
    const handlers = this.handlers.get(channel);
    if (!handlers || message.length < HEADER || message[0] !== VERSION) return;
    if (message.subarray(1, 17).equals(this.senderId)) return;
    const docName = DOC_NAMES[message[17]!];
    const kind = KINDS[message[18]!];
    if (!docName || !kind) return;
    const seq = message.readDoubleBE(19);
    // A copy of its own: lib0 decoders make views on the underlying buffer.
    const payload = new Uint8Array(message.subarray(HEADER));
    const parsed: BusMessage = seq > 0 ? { docName, kind, payload, seq } : { docName, kind, payload };
    for (const handler of handlers) {
      try {
        handler(parsed);
      } catch (error) {
        this.options.logger.error({ channel, err: String(error) }, 'applying a message from another process failed');
      }
    }
  }

  async subscribe(roomId: string, handler: BusHandler): Promise<void> {
    const channel = this.channel(roomId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      // Decided and sent synchronously, so SUBSCRIBE/UNSUBSCRIBE reach Redis in call order.
      const pending = this.subscriber.subscribe(channel).finally(() => {
        if (this.subscribing.get(channel) === pending) this.subscribing.delete(channel);
      });
      this.subscribing.set(channel, pending);
    }
    set.add(handler);
    const subscribing = this.subscribing.get(channel);
    if (this.subscriber.status !== 'ready') {
      // Redis is down: do not hold the room (its people, a facilitator's command holding the
      // room lock) hostage. ioredis subscribes once it is back, and every loaded room then
      // catches up from storage (onReconnect), which covers what was missed meanwhile.
      subscribing?.catch((error: unknown) => this.options.logger.warn({ err: String(error), channel }, 'redis subscribe failed'));
      return;
    }
    await subscribing;
  }

  async unsubscribe(roomId: string, handler: BusHandler): Promise<void> {
    const channel = this.channel(roomId);
    const set = this.handlers.get(channel);
    if (!set?.delete(handler) || set.size > 0) return;
    this.handlers.delete(channel);
    this.subscribing.delete(channel);
    if (this.closed) return;
    await this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async ping(): Promise<void> {
    if (this.subscriber.status !== 'ready' || this.publisher.status !== 'ready') {
      throw new Error(`redis not ready (publisher ${this.publisher.status}, subscriber ${this.subscriber.status})`);
    }
  }

  /** Closes the subscriber connection; the publisher belongs to whoever passed it in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
