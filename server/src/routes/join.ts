import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReply, JoinBody, JoinReply, normalizeJoinCode, sanitizeAuthorName } from '@tributary/shared';
import { createParticipantId, createToken, hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';

const TEN_MINUTES = 10 * 60 * 1000;

/**
 * Counts wrong join codes per address over a sliding window, so codes (23^6 of them) cannot be
 * guessed by trying them: after too many misses, even a right code must wait.
 */
class FailedJoinTracker {
  private readonly misses = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  blocked(address: string, now: number): boolean {
    return this.recent(address, now).length >= this.limit;
  }

  record(address: string, now: number): void {
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

export default async function joinRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const failures = new FailedJoinTracker(app.config.rateLimit.failedJoinsPerTenMinutes);

  app.post(
    '/api/join',
    {
      schema: { body: JoinBody, response: { 200: JoinReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.joinPerMinute, timeWindow: '1 minute' } },
    },
    async (request) => {
      const now = Date.now();
      if (failures.blocked(request.ip, now)) throw new Errors.TooManyJoinAttempts();
      const room = await app.storage.findRoomByJoinCode(normalizeJoinCode(request.body.joinCode));
      if (!room) {
        failures.record(request.ip, now);
        throw new Errors.JoinCodeNotFound();
      }
      const participantToken = createToken();
      const participantId = createParticipantId();
      const name = sanitizeAuthorName(request.body.name) ?? null;
      await app.storage.addToken({
        hash: hashToken(participantToken),
        roomId: room.id,
        role: 'participant',
        participantId,
        name,
        createdAt: now,
      });
      return { roomId: room.id, participantToken, participantId, title: room.title };
    },
  );
}
