/**
 * Websocket close codes and document names: the wire contract of `/yjs/:roomId/:doc`
 * (see shared/API.md "Live documents"). Both sides import these; never write the numbers inline.
 */
export const CloseCode = {
  /** The frame could not be decoded as a y-websocket message. */
  Malformed: 4400,
  /** Missing, unknown or expired token. */
  Unauthorized: 4401,
  /** The token is valid but may not do this. */
  Forbidden: 4403,
  /** No such room or document. */
  NotFound: 4404,
  /** A single message was larger than the server accepts. */
  TooLarge: 4413,
  /** The connection sent more than its rate allows, or could not keep up with what it was sent. */
  RateLimited: 4429,
  /** The room was deleted while the connection was open. */
  RoomDeleted: 4410,
  /** The server is shutting down; reconnect (another process may take over). */
  GoingAway: 1001,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The reason that comes with `Unauthorized` when the facilitator removed the participant, so a
 * phone can say so in plain words instead of "this link is not valid".
 */
export const REMOVED_REASON = 'removed';

/**
 * The reason that comes with `NotFound` when the room itself does not exist (any more): a phone
 * that reloads after the room was deleted says "this session has ended", not "bad link".
 */
export const UNKNOWN_ROOM_REASON = 'unknown room';

/** Close codes after which a client should stop reconnecting: retrying cannot succeed. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.NotFound,
  CloseCode.RoomDeleted,
]);

/** The live documents every room has. */
export const DOC_NAMES = ['board', 'control'] as const;
export type DocName = (typeof DOC_NAMES)[number];
export function isDocName(value: string): value is DocName {
  return (DOC_NAMES as readonly string[]).includes(value);
}

/**
 * Who holds a token. Facilitators run the session; participants take part; a presenter token
 * (the projector link) only reads: the documents and the published results, never a command,
 * a note, a vote or the list of people.
 */
export type Role = 'facilitator' | 'participant' | 'presenter';

/** Largest websocket message the server accepts (DESIGN.md section 4). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Largest presence (awareness) state one client id may publish, in bytes of its JSON (UTF-8).
 * Presence goes to everyone in the room up to 20 times a second, so its size is multiplied by
 * the room: our own client's state (name, colour, cursor, viewport, badge and up to
 * MAX_LIVE_DRAG_IDS dragged note ids) stays near 1.3 KiB. The server drops larger states.
 */
export const MAX_AWARENESS_STATE_BYTES = 2 * 1024;

/** Notes whose live drag a client shares in its presence; the rest move when the drag ends. */
export const MAX_LIVE_DRAG_IDS = 40;

/**
 * Awareness client ids one connection may speak for. A stock y-websocket client uses one (its
 * awareness' clientID, fixed for the life of the provider); the second leaves room for a client
 * that starts a new Awareness on the same socket.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 2;
