import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { createMetrics } from './metrics.ts';
import appPlugin from './plugins/app.ts';
import externalPlugins from './plugins/external.ts';
import clientRoutes from './routes/client.ts';
import healthRoutes from './routes/health.ts';
import joinRoutes from './routes/join.ts';
import roomRoutes from './routes/rooms.ts';
import yjsRoutes from './routes/yjs.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import type { Storage } from './storage/types.ts';
import { accessRules } from './sync/accessRules.ts';
import { boardMigrations } from './sync/boardMigrations.ts';
import { SyncServer } from './sync/syncServer.ts';
import { RoomRetention } from './retention.ts';
import { anonymousPresence } from './sync/anonymousPresence.ts';
import { Facilitation } from './facilitation/service.ts';
import noteRoutes from './routes/notes.ts';

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
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    // Strict: a number is not a string and an unknown field is an error, not silently dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  const storage = options.storage ?? new SqliteStorage(config.dataDir);
  let sync: SyncServer | null = null;
  const metrics = createMetrics(() => sync);
  sync = new SyncServer({
    storage,
    logger: app.log,
    metrics: metrics.sync,
    extensions: [accessRules, boardMigrations, anonymousPresence],
    unloadAfterMs: config.unloadAfterMs,
    compactAfterUpdates: config.compactAfterUpdates,
  });

  await app.register(externalPlugins);
  const facilitation = new Facilitation(sync, storage);
  await app.register(appPlugin, { config, storage, sync, metricsRegistry: metrics.registry, facilitation });
  await app.register(healthRoutes);
  await app.register(roomRoutes);
  await app.register(joinRoutes);
  await app.register(noteRoutes);
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
    await storage.close();
  });
  return app;
}
