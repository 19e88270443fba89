import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReply, JoinBody, JoinReply } from '@tributary/shared/api';
import { sanitizeAuthorName } from '@tributary/shared/board/note';
import { normalizeJoinCode } from '@tributary/shared/joinCode';
import { createParticipantId, createToken, hashToken, participantTokenForDevice } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import { roomLanguage } from '../i18n/roomLanguage.ts';

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * Counts wrong join codes per address over a sliding window, so codes (23^6 of them) cannot be
 * guessed by trying them: after too many misses, even a right code must wait.
 */
interface FailedJoins {
  blocked(address: string, now: number): Promise<boolean>;
  record(address: string, now: number): Promise<void>;
}

class FailedJoinTracker implements FailedJoins {
  private readonly misses = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  async blocked(address: string, now: number): Promise<boolean> {
    return this.recent(address, now).length >= this.limit;
  }

  async record(address: string, now: number): Promise<void> {
    const list = this.recent(address, now);
    list.push(now);
    this.misses.set(address, list);
    if (this.misses.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: number): number[] {
    return (this.misses.get(address) ?? []).filter((t) => now - t < TEN_MINUTES);
  }

  private prune(now: number): void {
    for (const [address, list] of this.misses) {
      if (list.every((t) => now - t >= TEN_MINUTES)) this.misses.delete(address);
    }
  }
}

/**
 * The same sliding window in Redis, shared by every process (docs/SCALING.md): a sorted set of
 * miss times per address, which expires ten minutes after its last miss.
 */
class RedisFailedJoins implements FailedJoins {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  private key(address: string): string {
    return `${this.prefix}join-miss:${address}`;
  }

  async blocked(address: string, now: number): Promise<boolean> {
    const key = this.key(address);
    const results = await this.redis.multi().zremrangebyscore(key, '-inf', now - TEN_MINUTES).zcard(key).exec();
    const count = Number(results?.[1]?.[1] ?? 0);
    return count >= this.limit;
  }

  async record(address: string, now: number): Promise<void> {
    const key = this.key(address);
    // A random member: two misses in the same millisecond (two processes) both count.
    await this.redis.multi().zadd(key, now, `${now}:${randomBytes(4).toString('hex')}`).pexpire(key, TEN_MINUTES).exec();
  }
}

export default async function joinRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const limit = app.config.rateLimit.failedJoinsPerTenMinutes;
  const failures: FailedJoins = app.redis ? new RedisFailedJoins(app.redis, app.config.redisPrefix, limit) : new FailedJoinTracker(limit);

  app.post(
    '/api/join',
    {
      schema: { body: JoinBody, response: { 200: JoinReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.joinPerMinute, timeWindow: '1 minute' } },
    },
    async (request) => {
      const now = Date.now();
      if (await failures.blocked(request.ip, now)) throw new Errors.TooManyJoinAttempts();
      const room = await app.storage.findRoomByJoinCode(normalizeJoinCode(request.body.joinCode));
      if (!room) {
        await failures.record(request.ip, now);
        throw new Errors.JoinCodeNotFound();
      }
      // With a device key, the token is derived from it: the same phone gets the same participant
      // back (their notes, their spent votes), and a removed one stays removed. Without, a new one.
      const { deviceKey } = request.body;
      const participantToken = deviceKey ? participantTokenForDevice(room.id, deviceKey) : createToken();
      const hash = hashToken(participantToken);
      await app.storage.addToken({
        hash,
        roomId: room.id,
        role: 'participant',
        participantId: createParticipantId(),
        name: sanitizeAuthorName(request.body.name) ?? null,
        createdAt: now,
      });
      // A token already stored (an earlier join from this device) keeps its id and name.
      const stored = await app.storage.findToken(hash);
      if (!stored || !stored.participantId) throw new Errors.JoinCodeNotFound(); // the room went meanwhile
      if (stored.revokedAt !== null) throw new Errors.RemovedFromRoom();
      const language = await roomLanguage(app, room.id);
      const reply: JoinReply = { roomId: room.id, participantToken, participantId: stored.participantId, title: room.title, language };
      if (stored.name) reply.name = stored.name;
      return reply;
    },
  );
}
