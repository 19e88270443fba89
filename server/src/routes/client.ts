import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { catalogLanguages } from '../i18n/translator.ts';
import { pageLanguage, pagePreloader } from './pagePreload.ts';

/** Hashed build output (`/assets/index-B1DJgpgH.js`): a new build gives new names, so it never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Everything else (index.html, `/sw.js`, `/manifest.webmanifest`, icons): kept, but asked again
 * each time, so a new version reaches a phone at its next load and never strands it on an old one.
 */
export const REVALIDATE = 'no-cache';

/** Whether `filePath` (in `root`, possibly a `.br` or `.gz` beside the file) is hashed build output. */
export function isHashedAsset(root: string, filePath: string): boolean {
  return path.relative(root, filePath).split(path.sep)[0] === 'assets';
}

/** A GET for a page of the app (`/`, `/join/…`, `/room/…`), not for a file, the API or a websocket. */
function isPagePath(request: FastifyRequest, pathname: string): boolean {
  if (request.method !== 'GET') return false;
  // A missing asset is a 404, never the page: a browser must not run HTML as a script.
  return !/^\/(api|yjs|assets)\//.test(pathname) && !/\.[a-z0-9]+$/i.test(pathname);
}

/**
 * Only a browser opening a page gets the page: its navigation asks for `text/html`. A health
 * probe, a script or an API client asking for anything else at an unknown path gets a 404,
 * never the app's HTML with a 200 that would pass for a working endpoint.
 */
function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built client (client/dist) from the same port as the API. Every page path
 * (`/`, `/join/…`, `/room/…`) gets index.html; the single-page app routes from there.
 * With compression on, each file goes out as the brotli or gzip copy the build wrote beside it
 * (vite.config.ts), chosen by the browser's Accept-Encoding, with `Vary: Accept-Encoding`.
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
      preCompressed: app.config.compression,
      setHeaders(res, filePath) {
        res.header('cache-control', isHashedAsset(root, filePath) ? IMMUTABLE : REVALIDATE);
      },
    });
  } else {
    app.log.warn({ clientDir: root }, 'client is not built: run `npm run build` (npm start does this for you)');
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0]!;
    if (isPagePath(request, pathname) && !built) {
      reply.code(503).type('text/plain');
      return 'Tributary is running, but the web client is not built yet. Run `npm run build`, or start with `npm start`.';
    }
    // setHeaders above gives the page `no-cache`.
    if (isPagePath(request, pathname) && wantsHtml(request)) {
      // The phone's pages name their view's code and words up front (pagePreload.ts).
      const link = preloadLink(pathname, pageLanguage(request.headers['accept-language'], catalogLanguages()));
      if (link) reply.header('link', link);
      return reply.sendFile('index.html');
    }
    reply.code(404);
    return { statusCode: 404, code: 'TRIB_NOT_FOUND', error: 'Not Found', message: `Nothing at ${request.method} ${pathname}` };
  });
}
