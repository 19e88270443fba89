import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply, RoomParams } from '@tributary/shared/api';
import { listAreas, listNotes } from '@tributary/shared/board/queries';
import { readControl } from '@tributary/shared/control/state';
import {
  buildPublishedResults,
  PublishedResultsReply,
  PublishResultsReply,
  ResultsNextBody,
  ResultsStateReply,
  ResultsTokenParams,
  resultsPath,
} from '@tributary/shared/publishedResults';
import { createSalt, hashToken, resultsTokenFor } from '../auth/tokens.ts';
import { bearerToken } from '../plugins/app.ts';
import { Errors } from '../errors.ts';
import { translator } from '../i18n/translator.ts';
import { roomLanguage } from '../i18n/roomLanguage.ts';
import type { PublishedResults } from '../storage/publishedResults.ts';

/**
 * The published "what we said" page (docs/API.md, "Published results"). The facilitator
 * publishes, writes "what happened next" and takes it down; anyone with the link reads it, with no
 * other credential. What the page shows is computed from the room at each request (the same link
 * shows a later "what happened next", and nothing hidden since), by buildPublishedResults, which
 * reads no author field. A taken-down link answers 410 at once: nothing on the way may keep it.
 */

/** Headers of everything the public link answers: never kept, never indexed, never named to another site. */
function publicHeaders(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.header('x-robots-tag', 'noindex, nofollow');
  reply.header('referrer-policy', 'no-referrer');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of plain words for a link that shows nothing: taken down (410) or never published (404). */
function messagePage(title: string, message: string, language: string): string {
  // `dir="auto"`: the words find their own direction (Arabic reads right to left).
  return `<!doctype html><html lang="${escapeHtml(language)}" dir="auto"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font:1.25rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

/** The live page of the room and whether `bearer` (a facilitator token) is the one that published it. */
function publishedBy(page: PublishedResults, bearer: string): string | null {
  const token = resultsTokenFor(page.roomId, bearer, page.salt);
  return hashToken(token) === page.tokenHash ? token : null;
}

export default async function resultsRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const urlOf = (request: Parameters<typeof app.publicBase>[0], token: string) => `${app.publicBase(request)}${resultsPath(token)}`;

  /** Only the room's facilitators manage its page. */
  async function facilitator(request: Parameters<typeof app.authenticate>[0], roomId: string): Promise<string> {
    const token = await app.authenticate(request, roomId);
    if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
    return bearerToken(request)!;
  }

  app.get(
    '/api/rooms/:roomId/results',
    { schema: { params: RoomParams, response: { 200: ResultsStateReply, '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId } = request.params;
      const bearer = await facilitator(request, roomId);
      reply.header('cache-control', 'no-store');
      const page = await app.storage.results.live(roomId);
      if (!page) return { published: false, next: '' };
      const token = publishedBy(page, bearer);
      return { published: true, ...(token ? { url: urlOf(request, token) } : {}), next: page.next };
    },
  );

  // Publishing again from the facilitator link that published answers the same link (200); from
  // another facilitator link, whose link cannot be derived here, it is refused (409): take the page
  // down first, then publish a new link.
  app.post(
    '/api/rooms/:roomId/results',
    { schema: { params: RoomParams, response: { 200: PublishResultsReply, 201: PublishResultsReply, '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId } = request.params;
      const bearer = await facilitator(request, roomId);
      reply.header('cache-control', 'no-store');
      return app.storage.withRoomLock(roomId, async () => {
        const live = await app.storage.results.live(roomId);
        if (live) {
          const token = publishedBy(live, bearer);
          if (!token) throw new Errors.ResultsPublishedElsewhere();
          return reply.code(200).send({ resultsToken: token, url: urlOf(request, token) });
        }
        const salt = createSalt();
        const token = resultsTokenFor(roomId, bearer, salt);
        await app.storage.results.publish({ tokenHash: hashToken(token), roomId, salt, publishedAt: Date.now() });
        await app.storage.touchRoom(roomId, Date.now());
        request.log.info({ roomId }, 'results published');
        return reply.code(201).send({ resultsToken: token, url: urlOf(request, token) });
      });
    },
  );

  app.put(
    '/api/rooms/:roomId/results/next',
    { schema: { params: RoomParams, body: ResultsNextBody, response: { 200: ResultsStateReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const bearer = await facilitator(request, roomId);
      const next = request.body.text.trim();
      if (!(await app.storage.results.setNext(roomId, next))) throw new Errors.ResultsNotPublished();
      await app.storage.touchRoom(roomId, Date.now());
      const page = await app.storage.results.live(roomId);
      const token = page && publishedBy(page, bearer);
      return { published: true, ...(token ? { url: urlOf(request, token) } : {}), next };
    },
  );

  app.delete(
    '/api/rooms/:roomId/results',
    { schema: { params: RoomParams, response: { 204: Type.Null(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId } = request.params;
      await facilitator(request, roomId);
      // Taking down a page that is not up is already done: the facilitator's wish holds.
      if (await app.storage.results.revoke(roomId, Date.now())) request.log.info({ roomId }, 'results taken down');
      return reply.code(204).send(null);
    },
  );

  /** The live page a results token opens; throws 404 or 410 as the link deserves. */
  async function livePage(resultsToken: string): Promise<PublishedResults> {
    const page = await app.storage.results.find(hashToken(resultsToken));
    if (!page) throw new Errors.ResultsNotFound();
    if (page.revokedAt !== null) throw new Errors.ResultsTakenDown();
    return page;
  }

  app.get(
    '/api/results/:resultsToken',
    {
      schema: { params: ResultsTokenParams, response: { 200: PublishedResultsReply, '4xx': ErrorReply } },
      // Each read loads the room: limited per address like joining (a whole venue may share one).
      config: { rateLimit: { max: app.config.rateLimit.joinPerMinute, timeWindow: '1 minute' } },
      onSend: async (_request, reply, payload) => {
        publicHeaders(reply);
        return payload;
      },
    },
    async (request) => {
      const page = await livePage(request.params.resultsToken);
      const room = await app.storage.getRoom(page.roomId);
      if (!room) throw new Errors.ResultsNotFound();
      return app.sync.withRoomAsync(page.roomId, async (loaded) => {
        // Another process may have written since this one loaded the room.
        await loaded.catchUp();
        const board = loaded.doc('board');
        return buildPublishedResults(readControl(loaded.doc('control')), { areas: listAreas(board), notes: listNotes(board) }, room, page.next);
      });
    },
  );
}

/** `/results/<token>`, the page's path (shared's resultsPath), with nothing after it. */
const PAGE_PATH = /^\/results\/([^/?#]+)\/?(?:\?.*)?$/;

/**
 * The page itself, `GET /results/:resultsToken`: for a live link, the client app as for any page
 * (routes/client.ts serves it; views/results renders it); for a link taken down (410) or never
 * published (404), a plain page saying so, so a browser without the app shows why. A hook on the
 * whole app rather than a route, so the live case falls through to the client's own page serving,
 * which lives in another plugin's scope.
 */
export const resultsPage = fp(
  async function resultsPage(app: FastifyInstance) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const match = PAGE_PATH.exec(request.url);
      if (!match) return;
      publicHeaders(reply);
      let token: string;
      try {
        token = decodeURIComponent(match[1]!);
      } catch {
        token = '';
      }
      const page = token ? await app.storage.results.find(hashToken(token)) : null;
      if (page && page.revokedAt === null) return;
      const language = (page && (await roomLanguage(app, page.roomId))) || 'en';
      const words = translator(language);
      const [status, title, message] = page
        ? [410, words('results.takenDownTitle'), words('errors.TRIB_RESULTS_TAKEN_DOWN')]
        : [404, words('results.notFoundTitle'), words('errors.TRIB_RESULTS_NOT_FOUND')];
      return reply.code(status).type('text/html; charset=utf-8').send(messagePage(title, message, language));
    });
  },
  { name: 'tributary-results-page', dependencies: ['tributary-app'] },
);
