import type { FastifyInstance } from 'fastify';

async function check(ping: () => Promise<void>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)))]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** What a readiness answer says: storage and the bus ("local" when there is only this process). */
interface Readiness {
  ok: boolean;
  storage: 'ok' | 'down';
  bus: 'ok' | 'down' | 'local';
}

/**
 * Probes (docs/API.md "Health"):
 * - `/livez`: the process is up and its event loop answers. Nothing else is asked, so a storage
 *   outage never gets a healthy process restarted (restarting would not bring the database back).
 * - `/readyz`: it can take work: storage and the bus answer. While the server shuts down, Fastify
 *   answers every request, this one too, with 503 (`return503OnClosing`), so a load balancer
 *   stops sending people to it before its sockets close.
 * - `/healthz` (shared/API.md): the readiness check, as it always was.
 */
export default async function healthRoutes(app: FastifyInstance) {
  // Storage and the bus (when several processes run) are part of being ready: a process that
  // cannot reach either should be taken out of the load balancer. Both checks are one round trip
  // at most (SQLite and the local bus answer at once).
  const readiness = async (): Promise<Readiness> => {
    const [storage, bus] = await Promise.all([check(() => app.storage.ping()), app.sync.bus.distributed ? check(() => app.sync.bus.ping()) : ('local' as const)]);
    return { ok: storage === 'ok' && bus !== 'down', storage, bus };
  };

  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const { ok, storage, bus } = await readiness();
    reply.code(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not-ready', storage, bus };
  });
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const { ok, storage, bus } = await readiness();
    reply.code(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', storage, bus };
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(app.metricsRegistry.contentType);
    return app.metricsRegistry.metrics();
  });
}
