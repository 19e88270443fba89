import * as Y from 'yjs';
import { Content, TYPE_REF_MAP, readUpdate, type ReadItem, type ReadStruct, type ReadUpdate, type StructId } from './updateReader.ts';
import { REMOVED, type RecordChange, type RecordCreate, type RecordDelete, type UpdateEffects, type Written } from './updateEffects.ts';
import { newRecord } from './newRecordShortcut.ts';

/**
 * Reads what a Yjs update would do to a document of records, before it is applied: which record
 * of which root map it creates, changes or deletes, and which fields. Knows Yjs, not our rules
 * (those are in policy/boardWrites.ts).
 *
 * The document's shape is the one the record layer uses: root Y.Maps (`notes`, `areas`, …)
 * holding one Y.Map per record, keyed by id, each holding one plain value per field. Anything
 * else an update could build (a value straight under a root map, a list, text, a nested map) is
 * reported as outside that shape.
 *
 * Yjs writes an item's parent only when it cannot be inferred: an item written next to another
 * (a map key set again) takes its parent and key from that neighbour, which may be in the
 * document or in the same update. So every item is resolved against both.
 *
 * A key keeps the last value written to it in Yjs' order, which is not always the order of the
 * update's bytes (see candidates): each field is reported with every value the update may leave
 * in it, and the caller judges them all. The bytes are read by updateReader.ts, not Y.decodeUpdate.
 */

type Item = Y.Item;
/** A change of this update (as updateReader reads it) or of the document. */
type Struct = ReadStruct | Y.Item | Y.GC | Y.Skip;

/** Where an item sits: straight in a root map, in a record's map, or somewhere it has no effect. */
type Place =
  | { kind: 'root'; root: string; key: string | null }
  | { kind: 'record'; collection: string; recordId: string; record: Item | ReadItem; key: string | null }
  | { kind: 'gone' }
  | { kind: 'deep' };

class Refused extends Error {
  constructor(
    readonly problem: 'missing' | 'shape',
    detail: string,
  ) {
    super(detail);
  }
}

/** The structs of an update for one client, in clock order, as one contiguous run. */
interface Run {
  start: number;
  end: number;
  structs: ReadStruct[];
}

/** One value the update writes to a record's field. */
interface FieldWrite {
  item: ReadItem;
  place: Place & { kind: 'record'; key: string };
  value: Written;
}

/** What the update writes to one record: its fields' writes by key, and for a record of the document, what it deletes. */
interface RecordWrites {
  /** One write, or several (only a hand-made update writes one key twice). */
  writes: Map<string, FieldWrite | FieldWrite[]>;
  /** Record of the document: the items holding a field's current value that the update deletes, by key. */
  removedCurrent: Map<string, Item> | null;
}

/**
 * Inspects `update` against `doc` without changing either. Records are reported with the root
 * map they are in, whatever its name; which roots hold records is the caller's rule.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffects {
  return inspect(doc, update, true);
}

/** inspectUpdate without the shortcut for a new record: what the tests hold the shortcut to. */
export function inspectUpdateInFull(doc: Y.Doc, update: Uint8Array): UpdateEffects {
  return inspect(doc, update, false);
}

function inspect(doc: Y.Doc, update: Uint8Array, shortcut: boolean): UpdateEffects {
  try {
    const read = readUpdate(update);
    return (shortcut ? newRecord(doc, read) : null) ?? new Inspection(doc, read).run();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem, detail: error.message };
    // Not a Yjs update: the caller treats it as malformed.
    throw error;
  }
}

const isItem = (struct: Struct): struct is ReadItem | Item => struct instanceof Y.Item || (struct as ReadStruct).kind === 'item';
/** A struct of the document (Yjs' own classes), not of this update (the reader's, which say their kind). */
const inDocument = (struct: Struct): boolean => (struct as Partial<ReadStruct>).kind === undefined;
const GONE: Place = { kind: 'gone' };

class Inspection {
  private readonly store: Y.Doc['store'];
  private readonly runs = new Map<number, Run>();
  // Made when first needed: most updates do one thing (type into a note, move it), and every map
  // made for nothing is garbage the server collects on every keystroke.
  /** Records this update creates, by the item that holds the new record's map. */
  private creates: Map<ReadItem, RecordCreate & RecordWrites> | null = null;
  private changes: Map<Y.Map<unknown>, RecordChange & RecordWrites> | null = null;
  private deletes: Map<Y.Map<unknown>, RecordDelete> | null = null;
  /** Writes into records, resolved once every record the update creates is known. */
  private readonly fieldWrites: FieldWrite[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly read: ReadUpdate,
  ) {
    this.store = doc.store;
  }

  run(): UpdateEffects {
    this.collectRuns();
    for (const struct of this.read.structs) {
      // What the document already holds is skipped by Yjs too (a resent change, an echo).
      if (struct.kind === 'item' && struct.id.clock + struct.length > Y.getState(this.store, struct.id.client)) this.readInsert(struct);
    }
    // Only now: a write into a record created in the same update may come before the record in
    // the update (another client id, written first).
    for (const write of this.fieldWrites) this.assign(write);
    this.readDeletions();
    const creates: RecordCreate[] = [];
    if (this.creates) for (const create of this.creates.values()) creates.push(this.settleCreate(create));
    const changes: RecordChange[] = [];
    if (this.changes) for (const change of this.changes.values()) changes.push(this.settleChange(change));
    const deletes: RecordDelete[] = this.deletes ? [...this.deletes.values()] : [];
    return { ok: true, creates, changes, deletes };
  }

  /**
   * Groups the update's structs per client and checks they follow on from what the document
   * has: a gap (a Skip, or a first clock beyond the document's state) means the update depends
   * on changes the server never received. Yjs would keep it pending and later hand it on in
   * snapshots and syncs; the server refuses it instead.
   */
  private collectRuns(): void {
    for (const struct of this.read.structs) {
      if (struct.kind === 'skip') throw new Refused('missing', 'update has a gap');
      const { client, clock } = struct.id;
      const run = this.runs.get(client);
      if (!run) {
        const known = Y.getState(this.store, client);
        if (clock > known) throw new Refused('missing', 'update starts after what the server has');
        this.runs.set(client, { start: clock, end: clock + struct.length, structs: [struct] });
        continue;
      }
      if (clock !== run.end) throw new Refused('missing', 'update has a gap');
      run.end += struct.length;
      run.structs.push(struct);
    }
  }

  /** Whether the document or this update holds the change with this id. */
  private knows(id: StructId): boolean {
    if (id.clock < Y.getState(this.store, id.client)) return true;
    const run = this.runs.get(id.client);
    return run !== undefined && id.clock >= run.start && id.clock < run.end;
  }

  /** The struct holding `id`: the document's if it has it (integrated, with its parent resolved), else this update's. */
  private find(id: StructId): Struct {
    if (id.clock < Y.getState(this.store, id.client)) {
      const structs = this.store.clients.get(id.client)!;
      return structs[Y.findIndexSS(structs, id.clock)]!;
    }
    const run = this.runs.get(id.client);
    if (!run || id.clock < run.start || id.clock >= run.end) throw new Refused('missing', 'update refers to a change the server does not have');
    for (const struct of run.structs) {
      if (id.clock >= struct.id.clock && id.clock < struct.id.clock + struct.length) return struct;
    }
    throw new Refused('missing', 'update refers to a change the server does not have');
  }

  /** Where a struct of the document sits (its parent is resolved to a type). */
  private placeInDoc(item: Item): Place {
    const parent = item.parent as Y.AbstractType<unknown> | null;
    if (!parent) return GONE;
    if (parent._item === null) return { kind: 'root', root: Y.findRootTypeKey(parent), key: item.parentSub };
    const record = parent._item;
    const recordParent = record.parent as Y.AbstractType<unknown> | null;
    if (!recordParent || recordParent._item !== null || record.parentSub === null) return { kind: 'deep' };
    return { kind: 'record', collection: Y.findRootTypeKey(recordParent), recordId: record.parentSub, record, key: item.parentSub };
  }

  /** Where an item of the document or of this update will sit once integrated. */
  private place(struct: Struct): Place {
    if (!isItem(struct)) return GONE;
    if (inDocument(struct)) return this.placeInDoc(struct as Item);
    const item = struct as ReadItem;
    // Kept on the item: an item is asked for again by every item written next to it or into it.
    const known = item.note as Place | undefined;
    if (known) return known;
    const place = this.resolve(item);
    item.note = place;
    return place;
  }

  private resolve(item: ReadItem): Place {
    if (item.parentRoot !== null) return { kind: 'root', root: item.parentRoot, key: item.parentSub };
    if (item.parentId !== null) {
      // The parent is a type: the item holding it, which must be a record (a map straight under a root).
      const struct = this.find(item.parentId);
      if (!isItem(struct)) return GONE;
      // A deleted record, once collected, keeps its item with the content swapped for a deletion
      // marker (as an item sent deleted carries): Yjs finds no type there and turns whatever is
      // written into it into a collected gap. An honest client that has not yet seen the delete
      // writes there (an edit racing a deletion); nobody sees it, so it is no refusal.
      if (holdsDeletion(struct)) return GONE;
      if (!holdsMap(struct)) throw new Refused('shape', 'write inside something that is not a record');
      const holder = this.place(struct);
      if (holder.kind === 'gone') return holder;
      if (holder.kind !== 'root' || holder.key === null) return { kind: 'deep' };
      return { kind: 'record', collection: holder.root, recordId: holder.key, record: struct, key: item.parentSub };
    }
    // Written next to a neighbour: same parent, same key (a map key set again).
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) throw new Refused('shape', 'item without a place');
    return this.place(this.find(neighbour));
  }

  private readInsert(item: ReadItem): void {
    if (item.origin && !this.knows(item.origin)) throw new Refused('missing', 'update refers to a change the server does not have');
    if (item.rightOrigin && !this.knows(item.rightOrigin)) throw new Refused('missing', 'update refers to a change the server does not have');
    const place = this.place(item);
    if (place.kind === 'gone') return; // Lands in something deleted and collected: Yjs drops it.
    if (place.kind === 'deep') throw new Refused('shape', 'nested values are not part of the board');
    if (place.key === null) throw new Refused('shape', 'lists and text are not part of the board');
    if (place.kind === 'root') {
      if (item.content === Content.Type && item.typeRef === TYPE_REF_MAP) {
        (this.creates ??= new Map()).set(item, { collection: place.root, id: place.key, fields: new Map(), alternatives: [], writes: new Map(), removedCurrent: null });
        return;
      }
      if (item.content === Content.Deleted) {
        // Replaces the key's record with nothing: a deletion.
        this.recordDeleted(place.root, place.key);
        return;
      }
      throw new Refused('shape', `a bare value under "${place.root}"`);
    }
    let value: Written;
    if (item.values !== null && item.values.length === 1) value = item.values[0];
    else if (item.content === Content.Deleted) value = REMOVED;
    else throw new Refused('shape', 'a field holds something other than a plain value');
    this.fieldWrites.push({ item, place: place as FieldWrite['place'], value });
  }

  /** Files a field write under the record it lands in: one this update creates, or a live one of the document. */
  private assign(write: FieldWrite): void {
    const { place } = write;
    const target = place.record instanceof Y.Item ? this.liveChange(place.collection, place.recordId, place.record) : this.creates?.get(place.record);
    // A write into a record that was replaced or deleted has no effect.
    if (!target) return;
    const earlier = target.writes.get(place.key);
    if (earlier === undefined) target.writes.set(place.key, write);
    else if (Array.isArray(earlier)) earlier.push(write);
    else target.writes.set(place.key, [earlier, write]);
  }

  /** The change of the record held by `record`, if that is the item the document currently holds under that id. */
  private liveChange(collection: string, id: string, record: Item): (RecordChange & RecordWrites) | null {
    if (record.deleted || !(record.content instanceof Y.ContentType) || this.currentItem(collection, id) !== record) return null;
    const map = record.content.type as Y.Map<unknown>;
    this.changes ??= new Map();
    let change = this.changes.get(map);
    if (!change) {
      change = { collection, id, map, fields: new Map(), alternatives: [], writes: new Map(), removedCurrent: null };
      this.changes.set(map, change);
    }
    return change;
  }

  /**
   * The item a root map holds under `key`, read from the type's own key table: a root the server
   * never asked for by type (it arrived in an update) is a plain AbstractType, not a Y.Map.
   */
  private currentItem(root: string, key: string): Item | null {
    const type = this.doc.share.get(root);
    const item = type?._map.get(key);
    return item && !item.deleted ? item : null;
  }

  private recordDeleted(collection: string, id: string): void {
    const item = this.currentItem(collection, id);
    const map = item?.content instanceof Y.ContentType ? item.content.type : null;
    if (map instanceof Y.Map) (this.deletes ??= new Map()).set(map, { collection, id, map });
  }

  /**
   * Deletions name ranges of ids. Those the document holds are resolved to the record or field
   * whose current value they remove; those in this update only matter where they remove a value
   * the update writes (see settle); any other range depends on changes the server does not have.
   */
  private readDeletions(): void {
    for (const [client, ranges] of this.read.deletes) {
      const known = Y.getState(this.store, client);
      const run = this.runs.get(client);
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (end > Math.max(known, run ? run.end : 0)) throw new Refused('missing', 'update deletes a change the server does not have');
        if (clock >= known) continue;
        const structs = this.store.clients.get(client)!;
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const struct = structs[i]!;
          if (struct.id.clock >= end) break;
          if (struct instanceof Y.Item && !struct.deleted) this.readDeletedItem(struct);
        }
      }
    }
    // A deleted record's own fields go with it; they are not separate changes.
    if (this.deletes && this.changes) for (const map of this.deletes.keys()) this.changes.delete(map);
  }

  private readDeletedItem(item: Item): void {
    const place = this.placeInDoc(item);
    if (place.kind === 'gone') return;
    if (place.kind === 'deep') throw new Refused('shape', 'nested values are not part of the board');
    if (place.key === null) throw new Refused('shape', 'lists and text are not part of the board');
    if (place.kind === 'root') {
      if (!(item.content instanceof Y.ContentType)) throw new Refused('shape', `removes a bare value under "${place.root}"`);
      this.recordDeleted(place.root, place.key);
      return;
    }
    const change = this.liveChange(place.collection, place.recordId, place.record as Item);
    if (!change) return;
    change.removedCurrent ??= new Map();
    change.removedCurrent.set(place.key, item);
    if (!change.writes.has(place.key)) change.writes.set(place.key, []);
  }

  /**
   * The values a field may hold once Yjs has applied the update. A map key holds the rightmost
   * of the items written to it; an item written after another (its origin) lands to its right, so
   * of a chain of writes (an honest client's edits, however many) only the last can win. Writes
   * that no other write follows can each win (which one depends on client ids), and so can the
   * removal of the current value when no write follows it. One candidate for an honest update.
   */
  private candidates(writes: FieldWrite[], removedCurrent: Item | undefined): Written[] {
    const out: Written[] = [];
    for (const write of writes) {
      if (writes.some((other) => other !== write && follows(other.item, write.item.id.client, write.item.id.clock + write.item.length - 1))) continue;
      out.push(this.deletedHere(write.item) ? REMOVED : write.value);
    }
    if (writes.length > 0 && out.length === 0) throw new Refused('shape', 'writes that follow each other in a circle');
    if (removedCurrent && !writes.some((w) => follows(w.item, removedCurrent.id.client, removedCurrent.id.clock + removedCurrent.length - 1))) out.unshift(REMOVED);
    return out;
  }

  /** Whether this update's own delete set removes `item` (also written in it). */
  private deletedHere(item: ReadItem): boolean {
    if (item.content === Content.Deleted) return true;
    const ranges = this.read.deletes.get(item.id.client);
    if (ranges === undefined) return false;
    for (const { clock, len } of ranges) if (clock <= item.id.clock && item.id.clock < clock + len) return true;
    return false;
  }

  private settleCreate(create: RecordCreate & RecordWrites): RecordCreate {
    for (const [key, writes] of create.writes) {
      if (!Array.isArray(writes)) {
        // The common case, and an honest client's every field: one write, the value it sets.
        if (!this.deletedHere(writes.item)) create.fields.set(key, writes.value);
        continue;
      }
      const [last, ...others] = this.candidates(writes, undefined).reverse();
      if (last !== REMOVED) create.fields.set(key, last);
      for (const other of others) create.alternatives.push([key, other]);
    }
    return { collection: create.collection, id: create.id, fields: create.fields, alternatives: create.alternatives };
  }

  private settleChange(change: RecordChange & RecordWrites): RecordChange {
    for (const [key, writes] of change.writes) {
      const removed = change.removedCurrent?.get(key);
      if (!Array.isArray(writes)) {
        // The common case (a field set again): what candidates gives for one write, without its arrays.
        change.fields.set(key, this.deletedHere(writes.item) ? REMOVED : writes.value);
        if (removed && !follows(writes.item, removed.id.client, removed.id.clock + removed.length - 1)) change.alternatives.push([key, REMOVED]);
        continue;
      }
      const [last, ...others] = this.candidates(writes, removed).reverse();
      if (last === undefined) continue;
      change.fields.set(key, last);
      for (const other of others) change.alternatives.push([key, other]);
    }
    return { collection: change.collection, id: change.id, map: change.map, fields: change.fields, alternatives: change.alternatives };
  }
}

/** Whether `item` was written right after the change with this id (its origin). */
function follows(item: ReadItem, client: number, clock: number): boolean {
  return item.origin !== null && item.origin.client === client && item.origin.clock === clock;
}

/** Whether the item holds only a deletion marker (a collected item, or one sent deleted). */
function holdsDeletion(struct: ReadItem | Item): boolean {
  if (struct instanceof Y.Item) return struct.content instanceof Y.ContentDeleted;
  return struct.content === Content.Deleted;
}

/** Whether an item (of this update or of the document) holds a Y.Map. */
function holdsMap(struct: ReadItem | Item): boolean {
  if (struct instanceof Y.Item) return struct.content instanceof Y.ContentType && struct.content.type instanceof Y.Map;
  return struct.content === Content.Type && struct.typeRef === TYPE_REF_MAP;
}

/**
 * Whether applying `update` would change nothing: every item in it is already in the document and
 * everything it deletes is already deleted. Stock clients answer the server's sync step 1 with such
 * an update (their whole delete set, nothing new), read-only ones included, so it needs no right
 * to write. Throws on an unreadable update, as Yjs would.
 */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, deletes } = readUpdate(update);
  const store = doc.store;
  for (const struct of structs) {
    if (struct.kind === 'skip') continue;
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  }
  for (const [client, ranges] of deletes) {
    const known = Y.getState(store, client);
    const structsOfClient = store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (clock + len > known || !structsOfClient) return false;
      for (let i = Y.findIndexSS(structsOfClient, clock); i < structsOfClient.length; i++) {
        const struct = structsOfClient[i]!;
        if (struct.id.clock >= clock + len) break;
        if (!struct.deleted) return false;
      }
    }
  }
  return true;
}
