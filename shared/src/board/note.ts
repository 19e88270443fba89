import type * as Y from 'yjs';
import { DEFAULT_NOTE_COLOR, type NoteColor } from './colors.ts';
import { clampCoordinate, type Point } from './geometry.ts';
import { AUTHOR_NAME_MAX, NOTE_RECORD, NOTE_TEXT_MAX, type ImageKind } from './records.ts';

export { AUTHOR_NAME_MAX, NOTE_TEXT_MAX } from './records.ts';

/** Id prefix of notes: `note_…`. */
export const NOTE_ID_PREFIX = NOTE_RECORD.idPrefix;
/** Size of a sticky note on the board, in board units. */
export const NOTE_WIDTH = 180;
export const NOTE_HEIGHT = 140;

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
  /**
   * A picture note's picture (a photo of paper or a sketch), fetched from
   * GET /api/rooms/:roomId/images/:imageId. Its `text` is then the picture's text alternative; when
   * that is empty, screens say "Picture, not described yet". Written only by the server.
   */
  imageId?: string;
  /** What the picture is; only with `imageId`. A picture note without one is a photo. */
  imageKind?: ImageKind;
}

export type NoteInput = Partial<Omit<Note, 'id' | 'createdAt'>> & { text: string; pos: Point };

/**
 * A note's own content, apart from what the board gives it when it goes up: its id, its
 * creation time and (optionally, since the server picks a free spot for a note it places) its
 * position. The one shape for a note that is not on the board yet or no longer: the server's
 * held notes (sealed, waiting anonymous, hidden) and the notes a phone keeps of its own.
 * Adding a field to the note record (records.ts, {@link Note}) adds it here.
 */
export type NoteFields = Pick<Note, 'text' | 'color' | 'areaId' | 'anonymous'> &
  Partial<Pick<Note, 'authorName' | 'authorId' | 'replyTo' | 'round' | 'pos' | 'imageId' | 'imageKind'>>;

/** The names of the optional {@link NoteFields}, kept only when set. */
const OPTIONAL_NOTE_FIELDS = ['authorName', 'authorId', 'replyTo', 'round', 'pos', 'imageId', 'imageKind'] as const;

/**
 * The {@link NoteFields} of a note (on the board, or held with more beside it): copies only the
 * note record's own fields, leaving out whatever else the value carries, and optional ones
 * that are not set.
 */
export function noteFields(note: NoteFields): NoteFields {
  const fields: NoteFields = { text: note.text, color: note.color, areaId: note.areaId, anonymous: note.anonymous };
  for (const name of OPTIONAL_NOTE_FIELDS) {
    if (note[name] !== undefined) (fields as Record<string, unknown>)[name] = note[name];
  }
  return fields;
}

export function sanitizeNoteText(text: string): string {
  return text.slice(0, NOTE_TEXT_MAX);
}

export function sanitizeAuthorName(name: string | undefined | null): string | undefined {
  const trimmed = (name ?? '').trim().slice(0, AUTHOR_NAME_MAX);
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads a note from its Y.Map, tolerating anything a faulty client or an old board may hold
 * (the server refuses such writes now, but boards stored before that may carry them): a record
 * without valid text or position is skipped (null), any other bad value falls back to its default.
 * Anything that is not a Y.Map (a bare value written under `notes`) is skipped too.
 */
export function readNote(id: string, map: Y.Map<unknown>): Note | null {
  if (!isYMap(map)) return null;
  const f = NOTE_RECORD.fields;
  const value = (name: string): unknown => {
    const v = map.get(name);
    return f[name]!.valid(v) ? v : undefined;
  };
  const text = value('text') as string | undefined;
  const pos = value('pos') as Point | undefined;
  if (text === undefined || pos === undefined) return null;
  const note: Note = {
    id,
    text,
    pos: { x: clampCoordinate(pos.x), y: clampCoordinate(pos.y) },
    color: (value('color') as NoteColor | undefined) ?? DEFAULT_NOTE_COLOR,
    areaId: (value('areaId') as string | null | undefined) ?? null,
    anonymous: value('anonymous') === true,
    createdAt: (value('createdAt') as number | undefined) ?? 0,
  };
  const authorName = value('authorName');
  const authorId = value('authorId');
  const replyTo = value('replyTo');
  const round = value('round');
  if (typeof authorName === 'string') note.authorName = authorName;
  if (typeof authorId === 'string') note.authorId = authorId;
  if (typeof replyTo === 'string') note.replyTo = replyTo;
  if (typeof round === 'number') note.round = round;
  const imageId = value('imageId');
  const imageKind = value('imageKind');
  if (typeof imageId === 'string') note.imageId = imageId;
  if (typeof imageKind === 'string' && note.imageId) note.imageKind = imageKind as ImageKind;
  return note;
}

/** A Y.Map, told apart without importing Yjs at run time (the phone's bundle shares this file). */
export function isYMap(value: unknown): value is Y.Map<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Y.Map<unknown>).get === 'function' && typeof (value as Y.Map<unknown>).forEach === 'function';
}
