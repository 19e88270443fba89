import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { CloseCode, MAX_MESSAGE_BYTES } from '@tributary/shared';
import type { FastifyInstance } from 'fastify';

/** Third-party plugins: security headers, rate limiting (opt-in per route), websockets. */
export default fp(
  async function externalPlugins(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Links never leak a room to another site.
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
    });
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'TRIB_RATE_LIMITED',
        error: 'Too Many Requests',
        message: `Too many requests. Please wait ${context.after} and try again.`,
      }),
    });
    await app.register(websocket, {
      options: {
        // Frames up to 16x the limit still arrive so we can close them with the documented 4413;
        // anything beyond is cut off by ws itself (1009) before it is buffered in full.
        maxPayload: MAX_MESSAGE_BYTES * 16,
      },
      // On shutdown, store everything and say goodbye to each room (the sync core) before the
      // websocket server closes whatever is left.
      preClose: async function (this: FastifyInstance) {
        if (this.hasDecorator('sync')) await this.sync.close();
        for (const client of this.websocketServer.clients) client.close(CloseCode.GoingAway, 'server shutting down');
      },
    });
  },
  { name: 'tributary-external' },
);
