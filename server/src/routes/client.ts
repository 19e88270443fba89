import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { pagePreloader } from './pagePreload.ts';

/**
 * Serves the built client (client/dist) from the same port as the API. Every page path
 * (`/`, `/join/…`, `/room/…`) gets index.html; the single-page app routes from there.
 */
export default async function clientRoutes(app: FastifyInstance) {
  const root = app.config.clientDir;
  const index = path.join(root, 'index.html');
  const built = fs.existsSync(index);
  const preloadLink = pagePreloader(root);
  if (built) {
    await app.register(fastifyStatic, {
      root,
      // Look files up on each request, so a rebuild while the server runs serves the new assets.
      wildcard: true,
      index: ['index.html'],
      // Hashed assets never change; the page itself must always be fresh.
      setHeaders(res, filePath) {
        res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ clientDir: root }, 'client is not built: run `npm run build` (npm start does this for you)');
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // A missing asset is a 404, never the page: a browser must not run HTML as a script.
    const isPage = request.method === 'GET' && !/^\/(api|yjs|assets)\//.test(path) && !/\.[a-z0-9]+$/i.test(path);
    if (isPage && built) {
      reply.header('cache-control', 'no-cache');
      // The phone's pages name their view's code up front (pagePreload.ts).
      const link = preloadLink(path);
      if (link) reply.header('link', link);
      return reply.sendFile('index.html');
    }
    if (isPage) {
      reply.code(503).type('text/plain');
      return 'Tributary is running, but the web client is not built yet. Run `npm run build`, or start with `npm start`.';
    }
    reply.code(404);
    return { statusCode: 404, code: 'TRIB_NOT_FOUND', error: 'Not Found', message: `Nothing at ${request.method} ${path}` };
  });
}
