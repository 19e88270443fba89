import * as decoding from 'lib0/decoding';

/**
 * Reads a Yjs update (format v1, what y-websocket clients send) into what the board write check
 * needs to know of each change: its id, where it names its place (parent, key, neighbours), what
 * kind of content it holds and, for plain values, the values. Nothing else.
 *
 * Y.decodeUpdate would do it too, but builds full Yjs objects for every change: an Item and its
 * content, and for a new record a whole Y.Map with its event handlers, only to be thrown away.
 * This reads the same bytes, in the same order and with the same lib0 readers, so what Yjs could
 * not read (and would throw on) throws here too. tests/server/trust/update-reader.test.ts holds
 * it to Y.decodeUpdate on real, hand-made and mutated updates.
 *
 * The format (yjs src/utils/encoding.js, updates.js): per client, its changes in clock order,
 * each an info byte (content kind in the low 5 bits, then whether the item has a parent key,
 * a right neighbour, a left neighbour), then the delete set: per client, ranges of clocks.
 */

/** A change's id: the client that made it and its clock. */
export interface StructId {
  client: number;
  clock: number;
}

/** What an item holds (yjs' content kinds, by the number the format gives them). */
export const Content = {
  Deleted: 1,
  Json: 2,
  Binary: 3,
  String: 4,
  Embed: 5,
  Format: 6,
  Type: 7,
  Any: 8,
  Doc: 9,
} as const;
export type ContentKind = (typeof Content)[keyof typeof Content];

/** The type a Type content creates (yjs' typeRefs): a Y.Map is 1. */
export const TYPE_REF_MAP = 1;

export interface ReadItem {
  kind: 'item';
  id: StructId;
  length: number;
  /** The change this one was written after (its left neighbour then), if any. */
  origin: StructId | null;
  rightOrigin: StructId | null;
  /**
   * Where it was put, when the update says so itself (it does only when neither neighbour is
   * given): a root type by name, or the item holding the parent type.
   */
  parentRoot: string | null;
  parentId: StructId | null;
  /** The map key, when the item names its place and it is in a map. */
  parentSub: string | null;
  content: ContentKind;
  /** Type content: which type (TYPE_REF_MAP for a Y.Map). */
  typeRef: number;
  /** Any content: its plain values (one for a map entry). Null for every other kind. */
  values: unknown[] | null;
  /**
   * Not read from the update: a slot for whoever reads the item next to keep what it worked out
   * about it (the update inspector: where the item lands), instead of a map from items to that.
   */
  note?: unknown;
}

/** Changes the sender garbage-collected (GC), or says it leaves out (Skip: the update has a gap). */
export interface ReadGap {
  kind: 'gc' | 'skip';
  id: StructId;
  length: number;
}

export type ReadStruct = ReadItem | ReadGap;

export interface ReadUpdate {
  /** In the order the update holds them: per client, in clock order. */
  structs: ReadStruct[];
  /** The delete set: per client, [clock, length] ranges, as written. */
  deletes: ReadonlyMap<number, ReadonlyArray<{ clock: number; len: number }>>;
}

const NO_DELETES: ReadUpdate['deletes'] = new Map();
const BITS5 = 31;
const HAS_PARENT_SUB = 32;
const HAS_RIGHT_ORIGIN = 64;
const HAS_ORIGIN = 128;
const SKIP = 10;

/** Reads a v1 update. Throws what lib0 throws on bytes that are not one. */
export function readUpdate(update: Uint8Array): ReadUpdate {
  const decoder = decoding.createDecoder(update);
  const structs: ReadStruct[] = [];
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const count = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    for (let s = 0; s < count; s++) {
      const info = decoding.readUint8(decoder);
      let struct: ReadStruct;
      if (info === SKIP) {
        struct = { kind: 'skip', id: { client, clock }, length: decoding.readVarUint(decoder) };
      } else if ((info & BITS5) !== 0) {
        struct = readItem(decoder, info, client, clock);
      } else {
        struct = { kind: 'gc', id: { client, clock }, length: decoding.readVarUint(decoder) };
      }
      structs.push(struct);
      clock += struct.length;
    }
  }
  return { structs, deletes: readDeleteSet(decoder) };
}

function readId(decoder: decoding.Decoder): StructId {
  const client = decoding.readVarUint(decoder);
  return { client, clock: decoding.readVarUint(decoder) };
}

function readItem(decoder: decoding.Decoder, info: number, client: number, clock: number): ReadItem {
  const origin = (info & HAS_ORIGIN) !== 0 ? readId(decoder) : null;
  const rightOrigin = (info & HAS_RIGHT_ORIGIN) !== 0 ? readId(decoder) : null;
  // Yjs writes the parent only when neither neighbour can tell it.
  const namesParent = origin === null && rightOrigin === null;
  let parentRoot: string | null = null;
  let parentId: StructId | null = null;
  if (namesParent) {
    if (decoding.readVarUint(decoder) === 1) parentRoot = readString(decoder);
    else parentId = readId(decoder);
  }
  const parentSub = namesParent && (info & HAS_PARENT_SUB) !== 0 ? readString(decoder) : null;
  const item: ReadItem = { kind: 'item', id: { client, clock }, length: 1, origin, rightOrigin, parentRoot, parentId, parentSub, content: Content.Any, typeRef: -1, values: null, note: undefined };
  readContent(decoder, info & BITS5, item);
  return item;
}

/** Reads an item's content as Yjs' readItemContent does, keeping only what the check uses. */
function readContent(decoder: decoding.Decoder, kind: number, item: ReadItem): void {
  switch (kind) {
    case Content.Deleted:
      item.content = Content.Deleted;
      item.length = decoding.readVarUint(decoder);
      return;
    case Content.Json: {
      item.content = Content.Json;
      const len = decoding.readVarUint(decoder);
      for (let i = 0; i < len; i++) {
        const json = readString(decoder);
        if (json !== 'undefined') JSON.parse(json);
      }
      item.length = len;
      return;
    }
    case Content.Binary:
      item.content = Content.Binary;
      decoding.readVarUint8Array(decoder);
      return;
    case Content.String:
      item.content = Content.String;
      // Yjs counts a string's length in UTF-16 code units.
      item.length = readString(decoder).length;
      return;
    case Content.Embed:
      item.content = Content.Embed;
      JSON.parse(readString(decoder));
      return;
    case Content.Format:
      item.content = Content.Format;
      readString(decoder);
      JSON.parse(readString(decoder));
      return;
    case Content.Type: {
      item.content = Content.Type;
      const typeRef = decoding.readVarUint(decoder);
      // yjs' typeRefs: 0 array, 1 map, 2 text, 3 xml element (named), 4 xml fragment, 5 xml hook (named), 6 xml text.
      if (typeRef > 6) throw new Error(`unknown type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) readString(decoder);
      item.typeRef = typeRef;
      return;
    }
    case Content.Any: {
      const len = decoding.readVarUint(decoder);
      // A map entry holds one value: an array of exactly one (push would reserve room for 17).
      item.values = len === 1 ? [readAny(decoder)] : readAnyList(decoder, len);
      item.length = len;
      return;
    }
    case Content.Doc:
      item.content = Content.Doc;
      readString(decoder);
      decoding.readAny(decoder);
      return;
    default:
      throw new Error(`unknown content ${kind}`);
  }
}

/**
 * lib0's readVarString, cheaper for what an update mostly holds: short ASCII strings. Field
 * names, root names and colours come again in every update, so they are kept in a small table
 * (by a hash of their bytes) and returned again without building a new string; other ASCII
 * strings are built in one native call (ASCII reads the same in latin1 as in UTF-8). Anything
 * else, and anything that runs past the end, goes to lib0 itself, so the result and the errors
 * are lib0's.
 */
function readString(decoder: decoding.Decoder): string {
  const start = decoder.pos;
  const length = decoding.readVarUint(decoder);
  const bytes = decoder.arr;
  const from = decoder.pos;
  const end = from + length;
  if (length <= SHORT_STRING && end <= bytes.length) {
    let hash = length;
    let i = from;
    for (; i < end; i++) {
      const byte = bytes[i]!;
      if (byte > 0x7f) break;
      hash = (Math.imul(hash, 31) + byte) | 0;
    }
    if (i === end) {
      decoder.pos = end;
      if (length > KEPT_STRING) return latin1Slice.call(bytes, from, end);
      const slot = hash & (keptStrings.length - 1);
      const kept = keptStrings[slot];
      if (kept !== undefined && sameAscii(kept, bytes, from, length)) return kept;
      const text = latin1Slice.call(bytes, from, end);
      keptStrings[slot] = text;
      return text;
    }
  }
  decoder.pos = start;
  return decoding.readVarString(decoder);
}
const SHORT_STRING = 128;
/** Longest string kept in the table: field names and colours, not texts. */
const KEPT_STRING = 24;
const keptStrings: Array<string | undefined> = new Array<string | undefined>(512).fill(undefined);
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

function sameAscii(text: string, bytes: Uint8Array, from: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== bytes[from + i]) return false;
  return true;
}

/**
 * lib0's readAny, with strings (and the keys and items of objects and arrays) read by readString.
 * Every other kind of value is read by lib0 itself.
 */
function readAny(decoder: decoding.Decoder): unknown {
  const kind = decoding.readUint8(decoder);
  switch (kind) {
    case ANY_STRING:
      return readString(decoder);
    case ANY_OBJECT: {
      const length = decoding.readVarUint(decoder);
      const object: Record<string, unknown> = {};
      for (let i = 0; i < length; i++) {
        const key = readString(decoder);
        object[key] = readAny(decoder);
      }
      return object;
    }
    case ANY_ARRAY:
      return readAnyList(decoder, decoding.readVarUint(decoder));
    case ANY_FLOAT64:
      return readFloat(decoder, 8);
    case ANY_FLOAT32:
      return readFloat(decoder, 4);
    default:
      decoder.pos--;
      return decoding.readAny(decoder);
  }
}
function readAnyList(decoder: decoding.Decoder, length: number): unknown[] {
  const values: unknown[] = [];
  for (let i = 0; i < length; i++) values.push(readAny(decoder));
  return values;
}
// lib0's kinds of value (encoding.writeAny).
const ANY_FLOAT32 = 124;
const ANY_FLOAT64 = 123;
const ANY_STRING = 119;
const ANY_OBJECT = 118;
const ANY_ARRAY = 117;

/**
 * lib0's readFloat32/readFloat64 (big-endian), through one scratch buffer instead of a new
 * DataView per number: every note's `createdAt` is a float64. Past the end, lib0 reads (and throws).
 */
function readFloat(decoder: decoding.Decoder, size: 4 | 8): number {
  const bytes = decoder.arr;
  const from = decoder.pos;
  if (!LITTLE_ENDIAN || from + size > bytes.length) return size === 8 ? decoding.readFloat64(decoder) : decoding.readFloat32(decoder);
  for (let i = 0; i < size; i++) floatBytes[i] = bytes[from + size - 1 - i]!;
  decoder.pos = from + size;
  return size === 8 ? float64[0]! : float32[0]!;
}
const float64 = new Float64Array(1);
const float32 = new Float32Array(float64.buffer, 0, 1);
const floatBytes = new Uint8Array(float64.buffer);
/** The scratch buffer is in the machine's byte order, the update's big-endian: reversed on little-endian machines, lib0's elsewhere. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readDeleteSet(decoder: decoding.Decoder): ReadUpdate['deletes'] {
  const clients = decoding.readVarUint(decoder);
  // Most updates delete nothing: they share one empty delete set.
  if (clients === 0) return NO_DELETES;
  const deletes = new Map<number, Array<{ clock: number; len: number }>>();
  for (let c = 0; c < clients; c++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    if (count === 0) continue;
    let ranges = deletes.get(client);
    if (!ranges) deletes.set(client, (ranges = []));
    for (let r = 0; r < count; r++) {
      const clock = decoding.readVarUint(decoder);
      ranges.push({ clock, len: decoding.readVarUint(decoder) });
    }
  }
  return deletes;
}
