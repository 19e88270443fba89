import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply, RoomParams } from '@tributary/shared/api';
import { exportFileName } from '@tributary/shared/exportFileName';
import {
  CreateLibraryReply,
  LIBRARY_MAX_METHODS,
  METHOD_MAX_BYTES,
  MethodListReply,
  MethodParams,
  ROOM_TOKEN_HEADER,
  SaveMethodBody,
  SaveMethodReply,
} from '@tributary/shared/libraryApi';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { checkToken } from '../auth/tokenCheck.ts';
import { createToken, hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import { attachment } from '../export/contentDisposition.ts';
import { checkMethod, libraryOf, savedMethod } from '../facilitation/methodSources.ts';
import { bearerToken } from '../plugins/app.ts';

/** A saved method's id: random, so one library's ids say nothing about another's. */
const createMethodId = () => `m_${randomBytes(12).toString('base64url')}`;

/**
 * A facilitator's library of their own methods (docs/API.md "Your own methods"): a token they
 * keep, like a password manager entry, known to the server only by its hash. Every call names
 * the library by `Authorization: Bearer <libraryToken>`; saving a room also needs that room's
 * facilitator token, in `X-Room-Token`.
 */
export default async function libraryRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const library = (request: FastifyRequest) => libraryOf(app, bearerToken(request));

  app.post(
    '/api/library',
    {
      schema: { response: { 201: CreateLibraryReply, '4xx': ErrorReply } },
      // Each call stores a library: limited like making rooms.
      config: { rateLimit: { max: app.config.rateLimit.createRoomPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const libraryToken = createToken();
      const now = Date.now();
      await app.storage.libraries.createLibrary({ id: randomBytes(12).toString('base64url'), tokenHash: hashToken(libraryToken), createdAt: now, lastUsedAt: now });
      request.log.info('library made');
      reply.code(201);
      return { libraryToken };
    },
  );

  app.delete('/api/library', { schema: { response: { 204: Type.Null(), '4xx': ErrorReply } } }, async (request, reply) => {
    const { id } = await library(request);
    await app.storage.libraries.deleteLibrary(id);
    return reply.code(204).send(null);
  });

  app.get('/api/library/methods', { schema: { response: { 200: MethodListReply, '4xx': ErrorReply } } }, async (request) => {
    const { id } = await library(request);
    const methods = await app.storage.libraries.listMethods(id);
    return methods.map((m) => ({ id: m.id, title: m.title, savedAt: new Date(m.savedAt).toISOString() }));
  });

  app.post(
    '/api/library/methods',
    {
      schema: { body: SaveMethodBody, response: { 201: SaveMethodReply, '4xx': ErrorReply } },
      // Big enough that a method just over METHOD_MAX_BYTES gets its own plain 413.
      bodyLimit: 2 * METHOD_MAX_BYTES,
      // Each save stores up to METHOD_MAX_BYTES: limited like making rooms, so one address cannot
      // fill the disk by making libraries and filling each.
      config: { rateLimit: { max: app.config.rateLimit.createRoomPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { id: libraryId } = await library(request);
      const body = request.body;
      let method: TemplateDefinition;
      if ('fromRoom' in body) {
        const { roomId } = body.fromRoom;
        const header = request.headers[ROOM_TOKEN_HEADER];
        const check = await checkToken(app.storage, typeof header === 'string' ? header : null, roomId);
        if (check.status !== 'valid') throw new Errors.Unauthorized();
        // Only whoever runs the room takes its method away: a participant or the projector may not.
        if (check.record.role !== 'facilitator') throw new Errors.FacilitatorOnly();
        method = checkMethod(await app.facilitation.methodFromRoom(roomId, body.title ?? ''), '/fromRoom');
      } else {
        method = checkMethod(body.method, '/method');
      }
      const methodId = createMethodId();
      const stored = await app.storage.libraries.addMethod(libraryId, { id: methodId, title: method.title, definition: JSON.stringify(method), savedAt: Date.now() }, LIBRARY_MAX_METHODS);
      if (!stored) throw new Errors.LibraryFull({ max: LIBRARY_MAX_METHODS });
      request.log.info('method saved');
      reply.code(201);
      return { methodId };
    },
  );

  // The method as a file: the same JSON `POST /api/rooms` takes as `method`.
  app.get(
    '/api/library/methods/:methodId',
    { schema: { params: MethodParams, response: { 200: Type.String(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const method = await savedMethod(app, await library(request), request.params.methodId);
      reply.header('content-disposition', attachment(exportFileName(method.title, 'json')));
      reply.header('cache-control', 'no-store');
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(method, null, 2));
    },
  );

  // The room as a method file, for a facilitator who keeps their methods as files (no library).
  app.get(
    '/api/rooms/:roomId/method',
    { schema: { params: RoomParams, querystring: Type.Object({ title: Type.Optional(Type.String({ maxLength: 120 })) }), response: { 200: Type.String(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const method = checkMethod(await app.facilitation.methodFromRoom(roomId, request.query.title ?? ''), '/room');
      reply.header('content-disposition', attachment(exportFileName(method.title, 'json')));
      reply.header('cache-control', 'no-store');
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(method, null, 2));
    },
  );

  app.delete(
    '/api/library/methods/:methodId',
    { schema: { params: MethodParams, response: { 204: Type.Null(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const { id } = await library(request);
      if (!(await app.storage.libraries.deleteMethod(id, request.params.methodId))) throw new Errors.MethodNotFound();
      return reply.code(204).send(null);
    },
  );
}
