import { Type, type Static } from '@sinclair/typebox';

/**
 * The HTTP schemas of facilitators' own methods (docs/API.md "Your own methods"). A method's own
 * shape is checked by parseTemplate (templates/parse.ts), which names the field at fault.
 */

/** Most methods one library keeps, and the most bytes of one method's JSON. */
export const LIBRARY_MAX_METHODS = 50;
export const METHOD_MAX_BYTES = 64 * 1024;
/** Most methods in one session plan. */
export const PLAN_MAX_METHODS = 6;

/** The header that carries a library token where `Authorization` already carries a room's. */
export const LIBRARY_TOKEN_HEADER = 'x-library-token';
/** The header that carries a room's facilitator token where `Authorization` carries the library's. */
export const ROOM_TOKEN_HEADER = 'x-room-token';

const MethodId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const CreateLibraryReply = Type.Object({ libraryToken: Type.String() });
export type CreateLibraryReply = Static<typeof CreateLibraryReply>;

export const MethodSummaryReply = Type.Object({ id: Type.String(), title: Type.String(), savedAt: Type.String() });
export const MethodListReply = Type.Array(MethodSummaryReply);
export type MethodListReply = Static<typeof MethodListReply>;

/** Save the room `roomId` (its facilitator token in `X-Room-Token`), or a method as JSON. */
export const SaveMethodBody = Type.Union([
  Type.Object(
    { fromRoom: Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }), title: Type.Optional(Type.String({ maxLength: 120 })) },
    { additionalProperties: false },
  ),
  Type.Object({ method: Type.Unknown() }, { additionalProperties: false }),
]);
export type SaveMethodBody = Static<typeof SaveMethodBody>;

export const SaveMethodReply = Type.Object({ methodId: Type.String() });
export type SaveMethodReply = Static<typeof SaveMethodReply>;

export const MethodParams = Type.Object({ methodId: MethodId });

/** One method of a session plan: a built-in template, a saved method, or a method as JSON. */
export const PlanItem = Type.Union([
  Type.Object({ template: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ methodId: MethodId }, { additionalProperties: false }),
  Type.Object({ method: Type.Unknown() }, { additionalProperties: false }),
]);
export type PlanItem = Static<typeof PlanItem>;
