import type * as Y from 'yjs';
import { createNote } from '@tributary/shared/board/mutations';
import type { NoteInput } from '@tributary/shared/board/note';
import { join } from './server.ts';

/**
 * Writing the board as the server allows it (shared/src/board/rules.ts): a participant's note
 * carries their own participant id and joined name, a facilitator's carries neither. Tests that
 * check sync, storage or faults write such notes, so the server's trust line lets them through.
 */

/** Who writes a note: a participant (their id and joined name) or the facilitator (neither). */
export interface NoteWriter {
  participantId: string | null;
  name: string | null;
}

export const FACILITATOR_WRITER: NoteWriter = { participantId: null, name: null };

export interface JoinedParticipant extends NoteWriter {
  token: string;
  participantId: string;
}

/** A participant who joined under a name: their named notes carry it. */
export interface NamedParticipant extends JoinedParticipant {
  name: string;
}

/** POST /api/join, answering the token and the id the participant's notes must carry; fails loudly unless 200. */
export async function mustJoinAs(baseUrl: string, joinCode: string, name: string): Promise<NamedParticipant>;
export async function mustJoinAs(baseUrl: string, joinCode: string, name?: string): Promise<JoinedParticipant>;
export async function mustJoinAs(baseUrl: string, joinCode: string, name?: string): Promise<JoinedParticipant> {
  const res = await join(baseUrl, joinCode, name);
  const body = res.body as { participantToken?: unknown; participantId?: unknown } | undefined;
  if (res.status !== 200 || typeof body?.participantToken !== 'string' || typeof body.participantId !== 'string') {
    throw new Error(`POST /api/join answered ${res.status}: ${res.text}`);
  }
  return { token: body.participantToken, participantId: body.participantId, name: name ?? null };
}

/**
 * Creates a note on `doc` signed as `writer` (shared's createNote, so every field fits the note
 * record). `pos` defaults to the board's origin. Returns the note's id.
 */
export function writeNote(doc: Y.Doc, writer: NoteWriter, input: Partial<NoteInput> & { text: string }, id?: string): string {
  const signed: NoteInput = {
    pos: { x: 0, y: 0 },
    ...input,
    ...(writer.participantId === null ? {} : { authorId: writer.participantId }),
    ...(writer.name === null ? {} : { authorName: writer.name }),
  };
  return createNote(doc, signed, undefined, id);
}

/** A note's text as a client's document holds it (undefined while the note is not there). */
export function noteText(doc: Y.Doc, id: string): string | undefined {
  const text = doc.getMap<Y.Map<unknown>>('notes').get(id)?.get('text');
  return typeof text === 'string' ? text : undefined;
}
