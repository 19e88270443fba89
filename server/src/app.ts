import Fastify, { type FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { errorValues, type TranslatableError } from './errors.ts';
import { Redis } from 'ioredis';
import { checkScaleOut, type ServerConfig } from './config.ts';
import { createMetrics } from './metrics.ts';
import appPlugin from './plugins/app.ts';
import externalPlugins from './plugins/external.ts';
import clientRoutes from './routes/client.ts';
import healthRoutes from './routes/health.ts';
import joinRoutes from './routes/join.ts';
import roomRoutes from './routes/rooms.ts';
import yjsRoutes from './routes/yjs.ts';
import { PostgresStorage } from './storage/postgres.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import type { Storage } from './storage/types.ts';
import { LocalRoomBus, type RoomBus } from './sync/bus.ts';
import { RedisRoomBus } from './sync/redisBus.ts';
import { boardWrites } from './policy/boardWrites.ts';
import { boardMigrations } from './policy/boardMigrations.ts';
import { SyncServer } from './sync/syncServer.ts';
import { RoomRetention } from './retention.ts';
import { anonymousPresence } from './policy/anonymousPresence.ts';
import { personKeys } from './policy/personKey.ts';
import { Facilitation } from './facilitation/service.ts';
import noteRoutes from './routes/notes.ts';
import imageRoutes from './routes/images.ts';

declare module 'fastify' {
  interface FastifyInstance {
    retention: RoomRetention;
  }
}

/** Never log a query string: websocket URLs carry tokens there. */
function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0]!;
}

/**
 * TRUST_PROXY=N as a trust function: the socket's peer and the N-1 X-Forwarded-For entries
 * next to it are our proxies; the entry after them, the one our outermost proxy added, is the
 * client. Entries further left were written by the client and are never believed. (Fastify 5
 * treats a bare number as "trust nothing", so the count is spelled out here.) 0 trusts nothing.
 */
export function trustProxyHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/**
 * Builds the Fastify app: external plugins, then the app's services, then routes
 * (DESIGN.md section 4). Storage is SQLite unless one is passed in.
 */
export async function buildApp(config: ServerConfig, options: { storage?: Storage } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      serializers: {
        req: (req) => ({ method: req.method, url: pathOnly(req.url) }),
      },
    },
    trustProxy: trustProxyHops(config.trustProxy),
    bodyLimit: 64 * 1024,
    // Strict: a number is not a string and an unknown field is an error, not silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  checkScaleOut(config);
  const storage = options.storage ?? (config.databaseUrl ? await openPostgres(config) : await SqliteStorage.open(config.dataDir, { onWarning: (message) => app.log.warn(message) }));
  let redis: Redis | null = null;
  let bus: RoomBus = new LocalRoomBus();
  if (config.redisUrl) {
    try {
      ({ redis, bus } = await connectRedis(config, app.log));
    } catch (error) {
      await storage.close();
      throw error;
    }
  }
  app.log.info(
    {
      storage: storage instanceof PostgresStorage ? 'postgres' : storage instanceof SqliteStorage ? 'sqlite' : 'custom',
      fanOut: bus.distributed ? 'redis' : 'none',
      mode: bus.distributed ? 'several processes (shared storage, Redis fan-out)' : 'single process',
    },
    'storage and fan-out',
  );
  let sync: SyncServer | null = null;
  const metrics = createMetrics(() => sync);
  sync = new SyncServer({
    storage,
    logger: app.log,
    metrics: metrics.sync,
    extensions: [boardWrites({ ...config.board, validate: config.validateBoardWrites }), boardMigrations, personKeys, anonymousPresence],
    maxDocumentBytes: config.board.maxDocumentBytes,
    unloadAfterMs: config.unloadAfterMs,
    compactAfterUpdates: config.compactAfterUpdates,
    awarenessFlushMs: config.awarenessFlushMs,
    keepAliveMs: config.keepAliveMs,
    bus,
  });

  await app.register(externalPlugins, { rateLimitRedis: redis, redisPrefix: config.redisPrefix, compression: config.compression });
  const facilitation = new Facilitation(sync, storage, config.board);
  await app.register(appPlugin, { config, storage, sync, metricsRegistry: metrics.registry, facilitation, redis });
  // An error's `values` (errors.ts) reach the client with or without a route's reply schema, so
  // a phone can word it in its person's language; every other error goes to Fastify's own handler.
  app.setErrorHandler((error, request, reply) => {
    const values = errorValues(error);
    const { statusCode = 500, code, message } = error as TranslatableError;
    if (!values || statusCode >= 500) {
      // @fastify/rate-limit throws a plain object (its errorResponseBuilder's reply), not an
      // Error: sent as a payload, it would go out with 200 unless its status is set here.
      if (!(error instanceof Error)) reply.code(statusCode);
      return reply.send(error);
    }
    request.log.info({ res: reply, err: error }, message);
    return reply.code(statusCode).send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message, values });
  });
  await app.register(healthRoutes);
  await app.register(roomRoutes);
  await app.register(joinRoutes);
  await app.register(noteRoutes);
  await app.register(imageRoutes);
  await app.register(yjsRoutes);
  if (config.serveClient) await app.register(clientRoutes);
  else
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send({ statusCode: 404, code: 'TRIB_NOT_FOUND', error: 'Not Found', message: `Nothing at ${request.method} ${pathOnly(request.url)}` });
    });

  const retention = new RoomRetention(storage, sync, app.log, config.roomTtlDays);
  app.decorate('retention', retention);
  app.addHook('onReady', async () => retention.start(config.retentionSweepMs));

  // Storage closes last, after the sync core has stored everything (websocket preClose).
  app.addHook('onClose', async () => {
    retention.stop();
    await bus.close();
    if (redis) await redis.quit().catch(() => redis!.disconnect());
    await storage.close();
  });
  return app;
}

async function openPostgres(config: ServerConfig): Promise<PostgresStorage> {
  try {
    return await PostgresStorage.open({ connectionString: config.databaseUrl!, schema: config.databaseSchema });
  } catch (error) {
    throw new Error(`cannot open the PostgreSQL database at DATABASE_URL (${redactUrl(config.databaseUrl!)}): ${(error as Error).message}`);
  }
}

/** One connection for commands (publishing, rate limits) and one, inside the bus, to subscribe. */
async function connectRedis(config: ServerConfig, logger: FastifyInstance['log']): Promise<{ redis: Redis; bus: RedisRoomBus }> {
  const redis = new Redis(config.redisUrl!, { lazyConnect: false });
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  const bus = new RedisRoomBus(redis, { prefix: config.redisPrefix, logger });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bus.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
      }),
    ]);
    return { redis, bus };
  } catch (error) {
    await bus.close().catch(() => undefined);
    redis.disconnect();
    throw new Error(`cannot reach Redis at REDIS_URL (${redactUrl(config.redisUrl!)}): ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A URL for logs and errors, without its password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
