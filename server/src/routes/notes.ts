import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply, NoteParams, OwnNoteReply, PatchNoteBody, PostNoteBody, PostNoteReply, RoomParams, VoteBody, VoteReply, VotesReply } from '@tributary/shared/api';
import { Errors } from '../errors.ts';
import type { TokenRecord } from '../storage/types.ts';
import { bearerToken } from '../plugins/app.ts';
import type { ResendKey } from '../facilitation/idempotentReplies.ts';
import { hashToken, keyFromBearer } from '../auth/tokens.ts';
import type { Storage } from '../storage/types.ts';

/**
 * Notes are limited per person, not per address: a whole venue may share one address. The
 * counter's key is derived from the token (keyFromBearer), so Redis never holds anything that
 * names a participant. A token the server does not know is nobody: it counts against its address,
 * so making up a new one for every request buys no fresh budget.
 */
export function perPerson(storage: Storage) {
  return async (request: FastifyRequest): Promise<string> => {
    const bearer = bearerToken(request);
    if (bearer && (await storage.findToken(hashToken(bearer)))) return `person:${keyFromBearer('notes-rate-limit', bearer)}`;
    return request.ip;
  };
}

/** The request's Idempotency-Key as a resend of this person's request; none when the header is absent. */
function resendOf(request: FastifyRequest, roomId: string): ResendKey | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > 128) throw new Errors.BadIdempotencyKey();
  return { roomId, bearer: bearerToken(request)!, key };
}

/** The projector's token reads the session; it never adds to it. */
export function refuseScreen(token: TokenRecord): void {
  if (token.role === 'presenter') throw new Errors.ScreenIsReadOnly();
}

function editKeyOf(request: FastifyRequest): string | null {
  const value = request.headers['x-edit-key'];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
}

/** The note's edit key, for what only its writer may do; refused without one. */
function requiredEditKey(request: FastifyRequest): string {
  const key = editKeyOf(request);
  if (!key) throw new Errors.EditKeyRequired();
  return key;
}

/**
 * Notes and votes that go through the server: sealed and anonymous notes, edits and withdrawals
 * by the holder of a note's edit key, and dot votes with a budget the server enforces.
 * Request logs carry only method and path, never who sent a note.
 */
export default async function noteRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/rooms/:roomId/notes',
    {
      schema: { params: RoomParams, body: PostNoteBody, response: { 201: PostNoteReply, '4xx': ErrorReply } },
      config: { rateLimit: { max: app.config.rateLimit.notesPerPersonPerMinute, timeWindow: '1 minute', keyGenerator: perPerson(app.storage) } },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      const token = await app.authenticate(request, roomId);
      refuseScreen(token);
      // A phone resending from its outbox after a lost answer gets the same note, not a second one.
      const resend = resendOf(request, roomId);
      // The type provider reads enum-typed fields as unknown; AJV has validated the body against PostNoteBody.
      const result = await app.facilitation.postNote(roomId, token, request.body as PostNoteBody, bearerToken(request)!, resend);
      reply.code(201);
      return result;
    },
  );

  app.get(
    '/api/rooms/:roomId/notes/:noteId',
    { schema: { params: NoteParams, response: { 200: OwnNoteReply, '4xx': ErrorReply } } },
    async (request) => {
      return app.facilitation.readOwnNote(request.params.roomId, request.params.noteId, requiredEditKey(request));
    },
  );

  app.patch(
    '/api/rooms/:roomId/notes/:noteId',
    { schema: { params: NoteParams, body: PatchNoteBody, response: { 200: OwnNoteReply, '4xx': ErrorReply } } },
    async (request) => {
      return app.facilitation.editNote(request.params.roomId, request.params.noteId, requiredEditKey(request), request.body);
    },
  );

  app.delete(
    '/api/rooms/:roomId/notes/:noteId',
    { schema: { params: NoteParams, response: { 204: Type.Null(), '4xx': ErrorReply } } },
    async (request, reply) => {
      const { roomId, noteId } = request.params;
      const key = editKeyOf(request);
      if (key) {
        await app.facilitation.withdrawNote(roomId, noteId, key);
      } else {
        // Without the author's key, only the facilitator may remove a note, and only by hiding it.
        const token = await app.authenticate(request, roomId);
        if (token.role !== 'facilitator') throw new Errors.EditKeyRequired();
        await app.facilitation.command(roomId, { type: 'note.hide', noteId });
      }
      return reply.code(204).send(null);
    },
  );

  // The writer of a pending anonymous note agrees that it may go on the board in a batch from
  // fewer than three people. Only the holder of the note's edit key can agree.
  app.post(
    '/api/rooms/:roomId/notes/:noteId/release-consent',
    { schema: { params: NoteParams, response: { 200: OwnNoteReply, '4xx': ErrorReply } } },
    async (request) => {
      return app.facilitation.showAnyway(request.params.roomId, request.params.noteId, requiredEditKey(request));
    },
  );

  app.post(
    '/api/rooms/:roomId/votes',
    { schema: { params: RoomParams, body: VoteBody, response: { 200: VoteReply, '4xx': ErrorReply } } },
    async (request) => {
      refuseScreen(await app.authenticate(request, request.params.roomId));
      return app.facilitation.vote(request.params.roomId, bearerToken(request)!, request.body);
    },
  );

  app.get(
    '/api/rooms/:roomId/votes',
    { schema: { params: RoomParams, response: { 200: VotesReply, '4xx': ErrorReply } } },
    async (request) => {
      const token = await app.authenticate(request, request.params.roomId);
      const votes = await app.facilitation.votes(request.params.roomId, bearerToken(request)!);
      if (token.role !== 'presenter') return votes;
      // The screen has no ballot: only what everyone may see.
      const { remaining: _remaining, mine: _mine, ...shared } = votes;
      return shared;
    },
  );
}
