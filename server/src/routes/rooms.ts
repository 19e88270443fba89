import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CloseCode,
  Command,
  CreateRoomBody,
  CreateRoomReply,
  DEFAULT_PROMPT,
  ErrorReply,
  RoomInfoReply,
  RoomParams,
  controlMap,
  readControl,
  type ControlState,
} from '@tributary/shared';
import { Type } from '@sinclair/typebox';
import { createJoinCode, createRoomId, createToken, hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import { JoinCodeTakenError } from '../storage/types.ts';

const DEFAULT_TITLE = 'Our session';
/** Templates the server knows; the method templates add theirs here. */
export const KNOWN_TEMPLATES: ReadonlyArray<{ id: string; title: string; description: string; minutes: number }> = [];

export function roomLinks(base: string, roomId: string, joinCode: string, facilitatorToken?: string) {
  const fragment = facilitatorToken ? `#token=${encodeURIComponent(facilitatorToken)}` : '';
  return {
    join: `${base}/join/${joinCode}`,
    facilitator: `${base}/room/${encodeURIComponent(roomId)}/facilitate${fragment}`,
    presenter: `${base}/room/${encodeURIComponent(roomId)}/present${fragment}`,
  };
}

export default async function roomRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/templates', async () => KNOWN_TEMPLATES);

  app.post(
    '/api/rooms',
    {
      schema: { body: Type.Optional(CreateRoomBody), response: { 201: CreateRoomReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.createRoomPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const template = body.template ?? null;
      if (template !== null && !KNOWN_TEMPLATES.some((t) => t.id === template)) throw new Errors.UnknownTemplate(template);
      const title = body.title?.trim() || DEFAULT_TITLE;
      const roomId = createRoomId();
      const facilitatorToken = createToken();
      const now = Date.now();
      let joinCode = '';
      for (let attempt = 0; ; attempt++) {
        joinCode = createJoinCode();
        try {
          await app.storage.createRoom({ id: roomId, title, template, joinCode, createdAt: now, lastActiveAt: now });
          break;
        } catch (error) {
          if (!(error instanceof JoinCodeTakenError)) throw error;
          if (attempt >= 20) throw new Errors.NoFreeJoinCode();
        }
      }
      await app.storage.addToken({
        hash: hashToken(facilitatorToken),
        roomId,
        role: 'facilitator',
        participantId: null,
        name: null,
        createdAt: now,
      });
      await app.sync.withRoom(roomId, (room) =>
        room.transactServer('control', (doc) => {
          const control = controlMap(doc);
          control.set('title', title);
          control.set('prompt', DEFAULT_PROMPT);
          control.set('locked', false);
        }),
      );
      request.log.info({ roomId }, 'room created');
      reply.code(201);
      return { roomId, joinCode, facilitatorToken, links: roomLinks(app.publicBase(request), roomId, joinCode, facilitatorToken) };
    },
  );

  app.get(
    '/api/rooms/:roomId',
    { schema: { params: RoomParams, response: { 200: RoomInfoReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      const room = await app.storage.getRoom(roomId);
      if (!room) throw new Errors.RoomNotFound();
      return {
        roomId,
        title: room.title,
        template: room.template,
        joinCode: room.joinCode,
        createdAt: new Date(room.createdAt).toISOString(),
        role: token.role,
        ...(token.participantId ? { participantId: token.participantId } : {}),
        ...(token.name ? { name: token.name } : {}),
        links: { join: roomLinks(app.publicBase(request), roomId, room.joinCode).join },
      };
    },
  );

  app.delete(
    '/api/rooms/:roomId',
    { schema: { params: RoomParams, response: { 204: Type.Null(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      // Close every socket first so nothing can be written back after the rows are gone.
      await app.sync.dropRoom(roomId, CloseCode.RoomDeleted, 'room deleted');
      await app.storage.deleteRoom(roomId);
      request.log.info({ roomId }, 'room deleted');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/rooms/:roomId/commands',
    {
      schema: {
        params: RoomParams,
        body: Command,
        response: { 200: Type.Object({ control: Type.Any() }), '4xx': ErrorReply },
      },
    },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const command = request.body;
      const control: ControlState = await app.sync.withRoom(roomId, (room) => {
        room.transactServer('control', (doc) => {
          const map = controlMap(doc);
          switch (command.type) {
            case 'board.lock':
              map.set('locked', true);
              break;
            case 'board.unlock':
              map.set('locked', false);
              break;
            case 'prompt.set':
              map.set('prompt', command.prompt.trim());
              break;
            case 'room.rename':
              map.set('title', command.title.trim());
              break;
          }
        });
        return readControl(room.doc('control'));
      });
      if (command.type === 'room.rename') await app.storage.renameRoom(roomId, command.title.trim());
      return { control };
    },
  );
}
