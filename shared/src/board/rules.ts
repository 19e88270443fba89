import type { Role } from '../protocol.ts';
import { sanitizeAuthorName, type Note } from './note.ts';
import { NOTE_RECORD } from './records.ts';

/** Note fields only the server writes (a note's picture): no client creates or changes them. */
const SERVER_ONLY_NOTE_FIELDS: readonly string[] = Object.entries(NOTE_RECORD.fields)
  .filter(([, field]) => field.serverOnly)
  .map(([name]) => name);

/**
 * Who may change what on the board (DESIGN.md section 2). One set of rules: the server checks
 * every client update against them, and an honest client asks them before it writes, so it is
 * refused only in a race (the board locking mid-drag).
 *
 * Each rule answers with the reason it says no ({@link BoardRefusal}), or null for yes.
 */

/** The person writing, as their token says. */
export interface BoardWriter {
  role: Role;
  /** Participants: the id their named notes carry. */
  participantId: string | null;
  /** The name they joined with, if any. */
  name: string | null;
}

/** What the session allows right now, read from the control document. */
export interface BoardSituation {
  /** The facilitator has locked the board. */
  locked: boolean;
  /** The step lets participants post notes straight onto the board (an open step for everyone). */
  directPosting: boolean;
  /** The step lets people arrange the board: move anyone's notes, not only their own. */
  arranging: boolean;
}

/**
 * Why a write is refused. The reasons are stable: they label the refusal counter in /metrics and
 * pick the plain message a person sees (BOARD_REFUSAL_MESSAGES, in refusalMessages.ts, so code
 * that only asks the rules, such as the phone's controls, does not carry the messages).
 */
export const BOARD_REFUSALS = [
  'read-only',
  'locked',
  'posting-closed',
  'not-your-note',
  'not-your-name',
  'anonymous-by-server',
  'fixed-field',
  'arranging-closed',
  'facilitator-only',
  'server-only',
  'schema',
  'too-many-notes',
  'too-much-text',
  // Not a person's rule but the room's: the board has reached its size cap, or the update built
  // on changes the server never received.
  'room-full',
  'missing-history',
] as const;
export type BoardRefusal = (typeof BOARD_REFUSALS)[number];

const isFacilitator = (writer: BoardWriter) => writer.role === 'facilitator';

/** A participant's own notes are the named ones carrying their id; anonymous notes are nobody's. */
export function isOwnNote(writer: BoardWriter, note: Pick<Note, 'authorId' | 'anonymous'>): boolean {
  return writer.participantId !== null && !note.anonymous && note.authorId === writer.participantId;
}

/**
 * What a writer's own new note says about who wrote it: their participant id and joined name
 * (a facilitator has neither). The only authorship mayCreateNote accepts, so clients that write
 * notes straight onto the board stamp exactly this.
 */
export function authorshipOf(writer: BoardWriter): { authorId?: string; authorName?: string } {
  const authorName = sanitizeAuthorName(writer.name);
  return {
    ...(writer.participantId !== null ? { authorId: writer.participantId } : {}),
    ...(authorName ? { authorName } : {}),
  };
}

/** May this writer change the board at all now? */
export function mayWriteBoard(writer: BoardWriter, situation: BoardSituation): BoardRefusal | null {
  if (writer.role !== 'facilitator' && writer.role !== 'participant') return 'read-only';
  if (!isFacilitator(writer) && situation.locked) return 'locked';
  return null;
}

/**
 * May this writer create a note with these fields? Authorship is checked for everyone: a note
 * carries its writer's own id and joined name, or none; `anonymous: true` is written only by the
 * server, which inserts anonymous notes itself.
 */
export function mayCreateNote(writer: BoardWriter, situation: BoardSituation, fields: ReadonlyMap<string, unknown>): BoardRefusal | null {
  const refused = mayWriteBoard(writer, situation);
  if (refused) return refused;
  // A picture goes on a note only through the server, which checks it is one of the room's.
  if (SERVER_ONLY_NOTE_FIELDS.some((name) => fields.has(name))) return 'server-only';
  if (!isFacilitator(writer) && !situation.directPosting) return 'posting-closed';
  if (fields.get('anonymous') === true) return 'anonymous-by-server';
  const authorId = fields.get('authorId');
  if (authorId !== undefined && (writer.participantId === null || authorId !== writer.participantId)) return 'not-your-note';
  if (!isFacilitator(writer) && authorId === undefined) return 'not-your-note';
  const authorName = fields.get('authorName');
  if (authorName !== undefined && authorName !== sanitizeAuthorName(writer.name)) return 'not-your-name';
  return null;
}

/** Fields anyone allowed to move a note may change: where it sits. */
const PLACEMENT_FIELDS: ReadonlySet<string> = new Set(['pos', 'areaId']);

/** May this writer change these fields of an existing note? */
export function mayChangeNote(writer: BoardWriter, situation: BoardSituation, note: Note, fieldNames: Iterable<string>, fixedFields: ReadonlySet<string>): BoardRefusal | null {
  const refused = mayWriteBoard(writer, situation);
  if (refused) return refused;
  for (const name of fieldNames) {
    if (SERVER_ONLY_NOTE_FIELDS.includes(name)) return 'server-only';
    if (fixedFields.has(name)) return 'fixed-field';
    if (isFacilitator(writer) || isOwnNote(writer, note)) continue;
    if (!PLACEMENT_FIELDS.has(name)) return 'not-your-note';
    if (!situation.arranging) return 'arranging-closed';
  }
  return null;
}

/** May this writer delete this note? Participants delete only their own. */
export function mayDeleteNote(writer: BoardWriter, situation: BoardSituation, note: Note): BoardRefusal | null {
  const refused = mayWriteBoard(writer, situation);
  if (refused) return refused;
  return isFacilitator(writer) || isOwnNote(writer, note) ? null : 'not-your-note';
}

/** Areas (tables, stages, rungs) are the facilitator's. */
export function mayWriteArea(writer: BoardWriter, situation: BoardSituation): BoardRefusal | null {
  const refused = mayWriteBoard(writer, situation);
  if (refused) return refused;
  return isFacilitator(writer) ? null : 'facilitator-only';
}
