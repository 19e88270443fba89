import type * as Y from 'yjs';
import { DEFAULT_NOTE_COLOR, isNoteColor, type NoteColor } from './colors.ts';
import { clampCoordinate, isPoint, type Point } from './geometry.ts';

/** Id prefix of notes: `note_…`. */
export const NOTE_ID_PREFIX = 'note';
/** Size of a sticky note on the board, in board units. */
export const NOTE_WIDTH = 180;
export const NOTE_HEIGHT = 140;
/** Longest note text the board keeps; longer text is cut, never rejected silently elsewhere. */
export const NOTE_TEXT_MAX = 1000;
/** Longest display name shown on a note. */
export const AUTHOR_NAME_MAX = 40;

/**
 * A sticky note. In the `board` document each note is a Y.Map under `notes`, keyed by id,
 * holding these fields as separate keys (a position is one key, so a move is one small write).
 */
export interface Note {
  id: string;
  text: string;
  pos: Point;
  color: NoteColor;
  /** The area the note sits in, if any (set when it is dropped inside one). */
  areaId: string | null;
  /** The name the author chose to show. Absent when they gave none or posted anonymously. */
  authorName?: string;
  /**
   * Opaque id of the author's participant session, so their phone can list "my notes".
   * Never set on anonymous notes.
   */
  authorId?: string;
  /** True for notes inserted by the server on someone's behalf without saying whose. */
  anonymous: boolean;
  createdAt: number;
  /** The note this one builds on (a reply, or the solution flipped from a worst idea). */
  replyTo?: string;
  /** The round (0-based) of a rotating or role-taking method the note was posted in (World Cafe). */
  round?: number;
}

export type NoteInput = Partial<Omit<Note, 'id' | 'createdAt'>> & { text: string; pos: Point };

export function sanitizeNoteText(text: string): string {
  return text.slice(0, NOTE_TEXT_MAX);
}

export function sanitizeAuthorName(name: string | undefined | null): string | undefined {
  const trimmed = (name ?? '').trim().slice(0, AUTHOR_NAME_MAX);
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads a note from its Y.Map, tolerating anything a faulty or hostile client may have written:
 * a record without text or position is skipped (null), odd values fall back to defaults.
 */
export function readNote(id: string, map: Y.Map<unknown>): Note | null {
  const text = map.get('text');
  const pos = map.get('pos');
  if (typeof text !== 'string' || !isPoint(pos)) return null;
  const color = map.get('color');
  const areaId = map.get('areaId');
  const authorName = map.get('authorName');
  const authorId = map.get('authorId');
  const createdAt = map.get('createdAt');
  const note: Note = {
    id,
    text: sanitizeNoteText(text),
    pos: { x: clampCoordinate(pos.x), y: clampCoordinate(pos.y) },
    color: isNoteColor(color) ? color : DEFAULT_NOTE_COLOR,
    areaId: typeof areaId === 'string' ? areaId : null,
    anonymous: map.get('anonymous') === true,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
  };
  if (typeof authorName === 'string' && authorName !== '') note.authorName = authorName.slice(0, AUTHOR_NAME_MAX);
  if (typeof authorId === 'string' && authorId !== '') note.authorId = authorId;
  const replyTo = map.get('replyTo');
  if (typeof replyTo === 'string' && replyTo !== '') note.replyTo = replyTo;
  const round = map.get('round');
  if (typeof round === 'number' && Number.isInteger(round) && round >= 0) note.round = round;
  return note;
}
