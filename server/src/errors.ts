import createError from '@fastify/error';

/**
 * Every HTTP error the API gives, in one catalog, with plain-language messages that a
 * participant can read on a phone. Replies look like `{ statusCode, code, error, message }`.
 */
export const Errors = {
  Unauthorized: createError('TRIB_UNAUTHORIZED', 'This link is not valid for this room. Ask the facilitator for a new one.', 401),
  FacilitatorOnly: createError('TRIB_FACILITATOR_ONLY', 'Only the facilitator can do that.', 403),
  RoomNotFound: createError('TRIB_ROOM_NOT_FOUND', 'There is no room here. It may have ended or been deleted.', 404),
  JoinCodeNotFound: createError('TRIB_JOIN_CODE_NOT_FOUND', "We couldn't find a room with that code. Check the code and try again.", 404),
  UnknownTemplate: createError('TRIB_UNKNOWN_TEMPLATE', 'There is no template called "%s".', 400),
  TooManyJoinAttempts: createError('TRIB_TOO_MANY_TRIES', 'Too many codes tried. Please wait a few minutes and try again.', 429),
  NoFreeJoinCode: createError('TRIB_NO_FREE_CODE', 'Could not make a join code just now. Please try again.', 503),
} as const;
