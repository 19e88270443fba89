import fp from 'fastify-plugin';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { CloseCode, MAX_MESSAGE_BYTES } from '@tributary/shared/protocol';
import type { FastifyInstance } from 'fastify';
import type { Redis as RateLimitRedis } from 'ioredis';

/**
 * permessage-deflate for the large frames (a board's first sync), not the many small ones:
 * frames under 1 KiB go out as they are. Memory per connection matters more than the last
 * percent of ratio: no context takeover on either side means no dictionary to keep between
 * messages, and a 2 KiB window with memLevel 4 holds about 16 KiB of zlib state instead of
 * 256 KiB while compressing a board's state as well as the defaults (measured: 60 KB of
 * Yjs update to 12.9 KB either way). A connection that never sends or receives a large frame
 * never creates a zlib stream at all.
 */
export const DEFLATE_THRESHOLD = 1024;
const PER_MESSAGE_DEFLATE = {
  threshold: DEFLATE_THRESHOLD,
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
  serverMaxWindowBits: 11,
  zlibDeflateOptions: { memLevel: 4, level: 6 },
};

/**
 * Answers of 1 KiB or more (JSON, exports, metrics) go out compressed for a client that accepts it:
 * brotli first (at quality 4: quality 11 costs far more CPU for a few percent on a body built per
 * request), then gzip. Smaller answers are sent as they are: the header and the compressor's own
 * framing would eat most of the gain. The built client is not compressed here but at build time
 * (vite.config.ts; routes/client.ts serves the .br and .gz files), and a file the build did not
 * compress falls back to this. Request bodies are never decompressed: a small compressed body
 * could expand past the body limit's intent, and no client of ours sends one.
 */
export const COMPRESS_THRESHOLD = 1024;

/** Third-party plugins: compression, security headers, rate limiting (opt-in per route), websockets. */
export default fp(
  async function externalPlugins(
    app: FastifyInstance,
    options: { rateLimitRedis?: RateLimitRedis | null; redisPrefix?: string; compression?: boolean },
  ) {
    // Registered first: it adds its hooks to each route as the route is declared.
    if (options.compression !== false) {
      await app.register(compress, { threshold: COMPRESS_THRESHOLD, encodings: ['br', 'gzip'], globalDecompression: false });
    }
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
      // Several processes (docs/SCALING.md): counters in Redis, so limits hold across all of them.
      ...(options.rateLimitRedis ? { redis: options.rateLimitRedis, nameSpace: `${options.redisPrefix ?? 'tributary:'}rl:` } : {}),
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
        perMessageDeflate: PER_MESSAGE_DEFLATE,
      },
      // On shutdown, first stop taking websockets, then store everything and say goodbye to each
      // room (the sync core) before closing whatever sockets are left. This replaces the plugin's
      // own preClose, so it must also do what that one does: detach the plugin's 'upgrade'
      // listener. Left attached, an upgrade arriving while Fastify closes is routed to its 503
      // on a response the plugin made by hand, which never ends the socket: the client leaves,
      // the server side stays half-open, and server.close() waits on it for good. Detached, Node
      // treats such a request as an ordinary one (Fastify answers 503 and closes the connection).
      // Closing the websocket server turns away the handshakes already past routing (ws answers
      // 503 and destroys the socket); the sockets it already holds stay open until said goodbye.
      preClose: async function (this: FastifyInstance) {
        this.server.removeAllListeners('upgrade');
        this.websocketServer.close();
        if (this.hasDecorator('sync')) await this.sync.close();
        for (const client of this.websocketServer.clients) client.close(CloseCode.GoingAway, 'server shutting down');
      },
    });
    // The app's config is decorated after this plugin; ws reads the option at each upgrade.
    app.addHook('onReady', async function (this: FastifyInstance) {
      if (this.hasDecorator('config') && !this.config.websocket.deflate) this.websocketServer.options.perMessageDeflate = false;
    });
  },
  { name: 'tributary-external' },
);
