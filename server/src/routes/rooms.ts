import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { COMMAND_SCHEMAS, CommandEnvelope, CommandReply, ChooseGroupBody, ChooseGroupReply, TemplateSummaries, type Command, CreateRoomBody, HiddenNotesReply, QueueReply, WordFilterReply, TimeReply, CreateRoomReply, ErrorReply, FacilitatorLinkReply, PresenterLinkReply, RoomInfoReply, RoomParams } from '@tributary/shared/api';
import { exportFileName } from '@tributary/shared/exportFileName';
import { CloseCode } from '@tributary/shared/protocol';
import { getTemplate, templateSummaries, areaDescriptionsProblem } from '@tributary/shared/templates/index';
import { localizeTemplate } from '@tributary/shared/templates/messages';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { createJoinCode, createRoomId, createToken, hashToken, presenterTokenFor } from '../auth/tokens.ts';
import { bearerToken } from '../plugins/app.ts';
import { Errors } from '../errors.ts';
import { templateWords, translator } from '../i18n/translator.ts';
import { toCsv, toMarkdown } from '../export/boardExport.ts';
import { attachment } from '../export/contentDisposition.ts';
import { JoinCodeTakenError } from '../storage/types.ts';
import { participantsList } from './participantsList.ts';
import { roomMethods } from '../facilitation/methodSources.ts';
import { METHOD_MAX_BYTES, PLAN_MAX_METHODS } from '@tributary/shared/libraryApi';
import { ROOM_TITLE_MAX } from '@tributary/shared/control/state';
import { checkRoomLanguage, roomLanguage } from '../i18n/roomLanguage.ts';

const TemplatesQuery = Type.Object({ language: Type.Optional(Type.String({ maxLength: 35 })) });

/** Templates the server knows: the method templates of shared/src/templates. */
export const KNOWN_TEMPLATES: readonly TemplateSummary[] = templateSummaries();

/** Checks a command against its own schema, so the error names the command and the field. */
function parseCommand(body: { type: string }): Command {
  const schema = COMMAND_SCHEMAS[body.type];
  if (!schema) throw new Errors.UnknownCommand({ command: body.type, commands: Object.keys(COMMAND_SCHEMAS).join(', ') });
  const first = Value.Errors(schema, body).First();
  if (first) throw new Errors.InvalidCommand({ command: body.type, problem: `${first.path || 'body'} ${first.message.toLowerCase()}` });
  return body as Command;
}

const tokenFragment = (token: string) => `#token=${encodeURIComponent(token)}`;

export function joinLink(base: string, joinCode: string): string {
  return `${base}/join/${joinCode}`;
}

/** The projector link: its token (in the fragment, which never reaches a server log) only reads. */
export function presenterLink(base: string, roomId: string, presenterToken: string): string {
  return `${base}/room/${encodeURIComponent(roomId)}/present${tokenFragment(presenterToken)}`;
}

/** A link that runs the session: keep it to the people running it. */
export function facilitatorLink(base: string, roomId: string, facilitatorToken: string): string {
  return `${base}/room/${encodeURIComponent(roomId)}/facilitate${tokenFragment(facilitatorToken)}`;
}

export function roomLinks(base: string, roomId: string, joinCode: string, tokens: { facilitator: string; presenter: string }) {
  return {
    join: joinLink(base, joinCode),
    facilitator: facilitatorLink(base, roomId, tokens.facilitator),
    presenter: presenterLink(base, roomId, tokens.presenter),
  };
}

/**
 * Stores the room's presenter token (derived from the facilitator's, so asking again gives the
 * same one and stores nothing new) and answers it.
 */
async function ensurePresenterToken(app: FastifyInstance, roomId: string, facilitatorToken: string): Promise<string> {
  const presenterToken = presenterTokenFor(roomId, facilitatorToken);
  await app.storage.addToken({ hash: hashToken(presenterToken), roomId, role: 'presenter', participantId: null, name: null, createdAt: Date.now() });
  return presenterToken;
}

export default async function roomRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();

  // `?language=cy`: the templates' words in that language (English where it has none).
  app.get(
    '/api/templates',
    { schema: { querystring: TemplatesQuery, response: { 200: TemplateSummaries } } },
    async (request) => (request.query.language ? templateSummaries(templateWords(request.query.language)) : [...KNOWN_TEMPLATES]),
  );

  app.post(
    '/api/rooms',
    {
      schema: { body: Type.Optional(CreateRoomBody), response: { 201: CreateRoomReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.createRoomPerMinute, timeWindow: '1 minute' } },
      // Room for a session plan of methods sent as JSON; each is held to METHOD_MAX_BYTES.
      bodyLimit: PLAN_MAX_METHODS * METHOD_MAX_BYTES + 16 * 1024,
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const template = body.template ?? null;
      const definition = template !== null ? getTemplate(template) : null;
      if (template !== null && !definition) throw new Errors.UnknownTemplate({ template });
      // Checked before the room exists, so a wrong answer leaves no half-made room behind.
      const areaDescriptions = body.areaDescriptions ?? {};
      if (!definition && Object.keys(areaDescriptions).length > 0) throw new Errors.AreaDescriptions({ reason: 'noTemplate' });
      const describeProblem = definition ? areaDescriptionsProblem(definition, areaDescriptions) : null;
      if (describeProblem) throw new Errors.AreaDescriptions(describeProblem);
      // The room's language: its template is put on the board in it.
      const language = body.language === undefined ? null : checkRoomLanguage(body.language);
      // A method as JSON, a saved one, or a session plan: all checked before the room exists.
      const methods = await roomMethods(app, request, body, language);
      // A blank room's title and prompt are read by participants: written in the room's language.
      const roomWords = translator(language);
      const title =
        body.title?.trim() ||
        (definition && localizeTemplate(definition, templateWords(language)).title) ||
        methods?.map((m) => m.title).join(', ').slice(0, ROOM_TITLE_MAX) ||
        roomWords('room.defaultRoomTitle');
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
      await app.facilitation.startRoom(roomId, { title, prompt: roomWords('room.defaultRoomPrompt'), language });
      const presenterToken = await ensurePresenterToken(app, roomId, facilitatorToken);
      // The template's areas go on the board and its steps into control, through the same
      // command a facilitator uses to add a template later.
      if (definition) {
        await app.facilitation.command(roomId, { type: 'template.add', templateId: definition.id, areaDescriptions, ...(language ? { language } : {}) });
      }
      if (methods) await app.facilitation.addMethods(roomId, methods);
      request.log.info({ roomId }, 'room created');
      reply.code(201);
      const links = roomLinks(app.publicBase(request), roomId, joinCode, { facilitator: facilitatorToken, presenter: presenterToken });
      return { roomId, joinCode, facilitatorToken, links };
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
        links: { join: joinLink(app.publicBase(request), room.joinCode) },
        language: await roomLanguage(app, roomId),
      };
    },
  );

  // The projector link, for rooms made before presenter tokens existed (their old presenter link
  // carried the facilitator token) and for a facilitator who has lost it. Always the same link.
  app.post(
    '/api/rooms/:roomId/presenter-link',
    { schema: { params: RoomParams, response: { 200: PresenterLinkReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const presenterToken = await ensurePresenterToken(app, roomId, bearerToken(request)!);
      return { presenter: presenterLink(app.publicBase(request), roomId, presenterToken) };
    },
  );

  // A second facilitator (a co-facilitator, or the same person on another laptop): a new token
  // of its own, so handing it out never hands out the link the room was made with. Rate limited
  // like making rooms: each call stores a token.
  app.post(
    '/api/rooms/:roomId/facilitator-link',
    {
      schema: { params: RoomParams, response: { 200: FacilitatorLinkReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.createRoomPerMinute, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const facilitatorToken = createToken();
      await app.storage.addToken({ hash: hashToken(facilitatorToken), roomId, role: 'facilitator', participantId: null, name: null, createdAt: Date.now() });
      request.log.info({ roomId }, 'facilitator link made');
      return { facilitator: facilitatorLink(app.publicBase(request), roomId, facilitatorToken) };
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
    { schema: { params: RoomParams, body: CommandEnvelope, response: { 200: CommandReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const command = parseCommand(request.body);
      request.log.info({ roomId, command: command.type }, 'command');
      return app.facilitation.command(roomId, command);
    },
  );

  app.post(
    '/api/rooms/:roomId/groups/choose',
    { schema: { params: RoomParams, body: ChooseGroupBody, response: { 200: ChooseGroupReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      return app.facilitation.chooseGroup(roomId, token, request.body.groupId);
    },
  );

  app.get(
    '/api/rooms/:roomId/hidden',
    { schema: { params: RoomParams, response: { 200: HiddenNotesReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      return app.facilitation.hiddenNotes(roomId);
    },
  );

  app.get(
    '/api/rooms/:roomId/queue',
    { schema: { params: RoomParams, response: { 200: QueueReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      return app.facilitation.queuedNotes(roomId);
    },
  );

  app.get(
    '/api/rooms/:roomId/filter',
    { schema: { params: RoomParams, response: { 200: WordFilterReply, '4xx': ErrorReply } } },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      return app.facilitation.wordFilter(roomId);
    },
  );

  app.get(
    '/api/rooms/:roomId/export',
    {
      schema: {
        params: RoomParams,
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('md'), Type.Literal('csv'), Type.Literal('json')])) }),
        response: { 200: Type.String(), '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      const data = await app.facilitation.exportBoard(roomId);
      const format = request.query.format ?? 'json';
      reply.header('content-disposition', attachment(exportFileName(data.title, format)));
      reply.header('cache-control', 'no-store');
      if (format === 'md') return reply.type('text/markdown; charset=utf-8').send(toMarkdown(data));
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(data));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
    },
  );

  app.get(
    '/api/rooms/:roomId/participants',
    {
      schema: {
        params: RoomParams,
        response: {
          200: Type.Array(Type.Object({ participantId: Type.String(), name: Type.Union([Type.String(), Type.Null()]), connected: Type.Boolean() })),
          '4xx': ErrorReply,
        },
      },
    },
    async (request) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      if (token.role !== 'facilitator') throw new Errors.FacilitatorOnly();
      // Who is here, by the names people chose to give (for setting groups by hand). Nothing here
      // touches anonymous notes: they carry no participant id, and during an anonymous step the
      // list does not change (participantsList.ts).
      const joined = await app.storage.listParticipants(roomId);
      return app.sync.withRoom(roomId, (room) => participantsList(room, joined));
    },
  );

  app.get('/api/time', { logLevel: 'warn', schema: { response: { 200: TimeReply } } }, async () => ({ now: Date.now() }));
}
