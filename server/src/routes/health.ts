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

export default async function healthRoutes(app: FastifyInstance) {
  // Storage and the bus (when several processes run) are part of being healthy: a process that
  // cannot reach either should be taken out of the load balancer. Both checks are one round trip
  // at most (SQLite and the local bus answer at once).
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const [storage, bus] = await Promise.all([check(() => app.storage.ping()), app.sync.bus.distributed ? check(() => app.sync.bus.ping()) : 'local']);
    const ok = storage === 'ok' && (bus === 'ok' || bus === 'local');
    reply.code(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', storage, bus };
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(app.metricsRegistry.contentType);
    return app.metricsRegistry.metrics();
  });
}
