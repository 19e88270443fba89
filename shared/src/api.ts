import { Type, type Static } from '@sinclair/typebox';
import { JOIN_CODE_LENGTH } from './joinCode.ts';
import { AUTHOR_NAME_MAX } from './board/note.ts';
import { PROMPT_MAX, ROOM_TITLE_MAX } from './control/state.ts';

/**
 * HTTP API schemas (TypeBox): the server validates with them, the client types its calls with
 * them. The contract is shared/API.md; additions are documented in docs/API.md.
 */

export const ErrorReply = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
});
export type ErrorReply = Static<typeof ErrorReply>;

export const CreateRoomBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: ROOM_TITLE_MAX })),
    template: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBody>;

export const RoomLinks = Type.Object({
  join: Type.String(),
  facilitator: Type.String(),
  presenter: Type.String(),
});

export const CreateRoomReply = Type.Object({
  roomId: Type.String(),
  joinCode: Type.String(),
  facilitatorToken: Type.String(),
  links: RoomLinks,
});
export type CreateRoomReply = Static<typeof CreateRoomReply>;

export const JoinBody = Type.Object(
  {
    joinCode: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.Optional(Type.String({ maxLength: AUTHOR_NAME_MAX })),
  },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const JoinReply = Type.Object({
  roomId: Type.String(),
  participantToken: Type.String(),
  /** Opaque id of this participant session; named notes carry it so "my notes" can find them. */
  participantId: Type.String(),
  title: Type.String(),
});
export type JoinReply = Static<typeof JoinReply>;

export const RoomParams = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 64 }) });
export type RoomParams = Static<typeof RoomParams>;

export const RoomInfoReply = Type.Object({
  roomId: Type.String(),
  title: Type.String(),
  template: Type.Union([Type.String(), Type.Null()]),
  joinCode: Type.String(),
  createdAt: Type.String(),
  /** The role of the token that asked. */
  role: Type.Union([Type.Literal('facilitator'), Type.Literal('participant')]),
  /** For participants: their own session id and chosen name (absent if none). */
  participantId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  links: Type.Object({ join: Type.String() }),
});
export type RoomInfoReply = Static<typeof RoomInfoReply>;

/** Facilitator commands. The facilitation engine (steps, timer, reveal, voting) extends this union. */
export const Command = Type.Union([
  Type.Object({ type: Type.Literal('board.lock') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('board.unlock') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('prompt.set'), prompt: Type.String({ maxLength: PROMPT_MAX }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('room.rename'), title: Type.String({ minLength: 1, maxLength: ROOM_TITLE_MAX }) },
    { additionalProperties: false },
  ),
]);
export type Command = Static<typeof Command>;

export const JOIN_CODE_PATTERN = `^[A-Za-z0-9 -]{${JOIN_CODE_LENGTH},16}$`;
