import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { Errors } from '../errors.ts';
import { checkToken } from '../auth/tokenCheck.ts';
import type { Storage, TokenRecord } from '../storage/types.ts';
import type { SyncServer } from '../sync/syncServer.ts';
import type { Registry } from 'prom-client';
import type { Facilitation } from '../facilitation/service.ts';
import type { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    storage: Storage;
    sync: SyncServer;
    metricsRegistry: Registry;
    facilitation: Facilitation;
    /** Shared Redis connection when REDIS_URL is set (rate limits, join guessing limit). */
    redis: Redis | null;
    /** The token of the request, checked against the room; throws 401 when it does not fit. */
    authenticate(request: FastifyRequest, roomId: string): Promise<TokenRecord>;
    /** Base URL for links handed out to people. */
    publicBase(request: FastifyRequest): string;
  }
}

export interface AppServices {
  config: ServerConfig;
  storage: Storage;
  sync: SyncServer;
  metricsRegistry: Registry;
  facilitation: Facilitation;
  redis?: Redis | null;
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/** The application's own services: storage, the sync core, authentication. */
export default fp(
  async function appPlugin(app: FastifyInstance, services: AppServices) {
    app.decorate('config', services.config);
    app.decorate('storage', services.storage);
    app.decorate('sync', services.sync);
    app.decorate('metricsRegistry', services.metricsRegistry);
    app.decorate('facilitation', services.facilitation);
    app.decorate('redis', services.redis ?? null);
    app.decorate('authenticate', async (request: FastifyRequest, roomId: string) => {
      const check = await checkToken(services.storage, bearerToken(request), roomId);
      if (check.status === 'removed') throw new Errors.TokenRevoked();
      if (check.status === 'unknown') throw new Errors.Unauthorized();
      return check.record;
    });
    app.decorate('publicBase', (request: FastifyRequest) => {
      if (services.config.publicUrl) return services.config.publicUrl;
      return `${request.protocol}://${request.host}`;
    });
  },
  { name: 'tributary-app', dependencies: ['tributary-external'] },
);
