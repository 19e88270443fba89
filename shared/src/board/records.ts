import { isAreaColor, isNoteColor } from './colors.ts';
import { BOARD_LIMIT, isPoint, isRect } from './geometry.ts';

/**
 * The record layer of the `board` document (DESIGN.md section 2, tldraw's records): for every
 * record type, one definition of its fields. The same definition is used to read a record
 * (tolerant: a bad value falls back), to write one (mutations build only what it allows) and to
 * check one (the server refuses a client update that writes anything it does not allow).
 */

/** One field of a record: what values it may hold, and who may change it after creation. */
export interface FieldDefinition {
  /** Whether a value may be stored in this field. */
  valid(value: unknown): boolean;
  /** Every record of the type has it from creation on, and it cannot be removed. */
  required?: boolean;
  /**
   * Set once, when the record is created, and never changed by a client afterwards: who wrote
   * a note, when, whether it is anonymous, what it answers. Changing these would forge a note.
   */
  fixed?: boolean;
  /**
   * Written only by the server, never in a client's update (a note's picture: the server
   * checked it belongs to the room). Server-only fields are also fixed.
   */
  serverOnly?: boolean;
}

export interface RecordDefinition {
  /** The root map of the board document that holds records of this type, keyed by id. */
  collection: 'notes' | 'areas';
  /** Ids are `prefix_…`. */
  idPrefix: string;
  fields: Readonly<Record<string, FieldDefinition>>;
}

/** Longest id a client may give a record or point at (ids made by createId are 26 characters). */
export const RECORD_ID_MAX = 64;

const isString = (max: number, min = 0) => (value: unknown) => typeof value === 'string' && value.length >= min && value.length <= max;
const isId = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= RECORD_ID_MAX;
const isBoolean = (value: unknown) => typeof value === 'boolean';
const inBoard = (n: number) => Math.abs(n) <= BOARD_LIMIT;

/** Longest note text the board keeps. */
export const NOTE_TEXT_MAX = 1000;
/** Longest display name shown on a note. */
export const AUTHOR_NAME_MAX = 40;
export const AREA_TITLE_MAX = 120;
/** Longest area description (a World Cafe table's question, a river stage's words). */
export const AREA_DESCRIPTION_MAX = 1000;
export const AREA_MIN_SIZE = 120;

/**
 * What an area is for in its method, so features find areas by what they are, never by their
 * title (which the facilitator may change at any time): the Words area of Word Association, a
 * World Cafe table, a river stage, a rung of the ladder, the worst ideas and their solutions.
 * A closed set: a new method that needs a new kind of area adds its role here.
 */
export const AREA_ROLES = ['words', 'theme', 'table', 'problem', 'worst', 'solution', 'stage', 'rung', 'suggestion', 'cards', 'group'] as const;
export type AreaRole = (typeof AREA_ROLES)[number];

export function isAreaRole(value: unknown): value is AreaRole {
  return typeof value === 'string' && (AREA_ROLES as readonly string[]).includes(value);
}
export const AREA_MAX_SIZE = 100_000;

/** Pictures are `img_…` (server/src/images): the id a note's `imageId` holds. */
export const IMAGE_ID_PREFIX = 'img';
export const IMAGE_ID_PATTERN = '^img_[0-9A-Za-z]{16}$';
const IMAGE_ID = new RegExp(IMAGE_ID_PATTERN);
export const isImageId = (value: unknown): value is string => typeof value === 'string' && IMAGE_ID.test(value);

/** What a picture on a note is: a photo of paper (notes written by hand, a flip chart) or a sketch drawn on a phone. */
export const IMAGE_KINDS = ['photo', 'sketch'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
export const isImageKind = (value: unknown): value is ImageKind => typeof value === 'string' && (IMAGE_KINDS as readonly string[]).includes(value);

export const NOTE_RECORD: RecordDefinition = {
  collection: 'notes',
  idPrefix: 'note',
  fields: {
    text: { valid: isString(NOTE_TEXT_MAX), required: true },
    pos: { valid: (v) => isPoint(v) && inBoard(v.x) && inBoard(v.y), required: true },
    color: { valid: isNoteColor, required: true },
    areaId: { valid: (v) => v === null || isId(v), required: true },
    anonymous: { valid: isBoolean, required: true, fixed: true },
    createdAt: { valid: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, required: true, fixed: true },
    authorName: { valid: isString(AUTHOR_NAME_MAX, 1), fixed: true },
    authorId: { valid: isId, fixed: true },
    replyTo: { valid: isId, fixed: true },
    round: { valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000, fixed: true },
    // A picture note's picture: only the server writes these (rules.ts mayCreateNote), when it
    // inserts a note posted with an uploaded picture of the room, and they never change.
    imageId: { valid: isImageId, fixed: true, serverOnly: true },
    imageKind: { valid: isImageKind, fixed: true, serverOnly: true },
  },
};

export const AREA_RECORD: RecordDefinition = {
  collection: 'areas',
  idPrefix: 'area',
  fields: {
    title: { valid: isString(AREA_TITLE_MAX), required: true },
    rect: {
      valid: (v) => isRect(v) && inBoard(v.x) && inBoard(v.y) && v.w >= AREA_MIN_SIZE && v.h >= AREA_MIN_SIZE && v.w <= AREA_MAX_SIZE && v.h <= AREA_MAX_SIZE,
      required: true,
    },
    color: { valid: isAreaColor, required: true },
    order: { valid: (v) => typeof v === 'number' && Number.isFinite(v), required: true },
    description: { valid: isString(AREA_DESCRIPTION_MAX) },
    role: { valid: isAreaRole },
  },
};

/** The record types by the root map that holds them. Nothing else in the board is a client's to write. */
export const BOARD_RECORDS: Readonly<Record<string, RecordDefinition>> = { notes: NOTE_RECORD, areas: AREA_RECORD };

/** The required fields of each definition, listed once: the server asks on every record a client creates. */
const requiredFields = new WeakMap<RecordDefinition, readonly string[]>();

function requiredOf(definition: RecordDefinition): readonly string[] {
  let names = requiredFields.get(definition);
  if (!names) {
    names = Object.entries(definition.fields).filter(([, field]) => field.required).map(([name]) => name);
    requiredFields.set(definition, names);
  }
  return names;
}

/** Why a record's fields do not fit its definition, or null when they do. */
export function recordProblem(definition: RecordDefinition, fields: ReadonlyMap<string, unknown>): string | null {
  for (const [name, value] of fields) {
    const field = definition.fields[name];
    if (!field) return `unknown field "${name}"`;
    if (!field.valid(value)) return `bad value for "${name}"`;
  }
  for (const name of requiredOf(definition)) {
    if (!fields.has(name)) return `missing field "${name}"`;
  }
  return null;
}

/** Why one field value does not fit, or null when it does. */
export function fieldProblem(definition: RecordDefinition, name: string, value: unknown): string | null {
  const field = definition.fields[name];
  if (!field) return `unknown field "${name}"`;
  return field.valid(value) ? null : `bad value for "${name}"`;
}
