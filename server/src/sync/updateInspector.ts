import * as Y from 'yjs';

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
 */

/** A value a field was set to, or the field's removal. */
export const REMOVED = Symbol('removed');
export type FieldValue = unknown;

export interface RecordCreate {
  collection: string;
  id: string;
  /** The record's fields as the update builds them. */
  fields: Map<string, FieldValue>;
}

export interface RecordChange {
  collection: string;
  id: string;
  /** The record's live Y.Map in the document. */
  map: Y.Map<unknown>;
  /** New values, or REMOVED. */
  fields: Map<string, FieldValue | typeof REMOVED>;
}

export interface RecordDelete {
  collection: string;
  id: string;
  map: Y.Map<unknown>;
}

export type UpdateEffects = {
  ok: true;
  creates: RecordCreate[];
  changes: RecordChange[];
  deletes: RecordDelete[];
} | {
  ok: false;
  /** `missing`: depends on changes the document does not have. `shape`: writes outside the record shape. */
  problem: 'missing' | 'shape';
  detail: string;
};

/** Where an item sits: straight in a root map, in a record's map, or somewhere it has no effect. */
type Place =
  | { kind: 'root'; root: string; key: string | null }
  | { kind: 'record'; collection: string; recordId: string; record: Item; key: string | null }
  | { kind: 'gone' }
  | { kind: 'deep' };

type Item = Y.Item;
type Struct = Y.Item | Y.GC | Y.Skip;
type Id = Y.ID;

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
  structs: Struct[];
}

/**
 * Inspects `update` against `doc` without changing either. Records are reported with the root
 * map they are in, whatever its name; which roots hold records is the caller's rule.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateEffects {
  try {
    return new Inspection(doc, update).run();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem, detail: error.message };
    // Yjs could not read it: the caller treats it as malformed.
    throw error;
  }
}

class Inspection {
  private readonly store: Y.Doc['store'];
  private readonly runs = new Map<number, Run>();
  private readonly places = new Map<Struct, Place>();
  private readonly creates = new Map<Item, RecordCreate>();
  private readonly changes = new Map<Y.Map<unknown>, RecordChange>();
  private readonly deletes = new Map<Y.Map<unknown>, RecordDelete>();
  private readonly decoded: { structs: Struct[]; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } };

  constructor(
    private readonly doc: Y.Doc,
    update: Uint8Array,
  ) {
    this.store = doc.store;
    this.decoded = Y.decodeUpdate(update) as unknown as Inspection['decoded'];
  }

  run(): UpdateEffects {
    this.collectRuns();
    for (const struct of this.decoded.structs) {
      // What the document already holds is skipped by Yjs too (a resent change, an echo).
      if (struct instanceof Y.Item && struct.id.clock + struct.length > Y.getState(this.store, struct.id.client)) this.readInsert(struct);
    }
    this.readDeletions();
    return { ok: true, creates: [...this.creates.values()], changes: [...this.changes.values()], deletes: [...this.deletes.values()] };
  }

  /**
   * Groups the update's structs per client and checks they follow on from what the document
   * has: a gap (a Skip, or a first clock beyond the document's state) means the update depends
   * on changes the server never received. Yjs would keep it pending and later hand it on in
   * snapshots and syncs; the server refuses it instead.
   */
  private collectRuns(): void {
    for (const struct of this.decoded.structs) {
      if (struct instanceof Y.Skip) throw new Refused('missing', 'update has a gap');
      const client = struct.id.client;
      const run = this.runs.get(client);
      if (!run) {
        const known = Y.getState(this.store, client);
        if (struct.id.clock > known) throw new Refused('missing', 'update starts after what the server has');
        this.runs.set(client, { start: struct.id.clock, end: struct.id.clock + struct.length, structs: [struct] });
        continue;
      }
      if (struct.id.clock !== run.end) throw new Refused('missing', 'update has a gap');
      run.end += struct.length;
      run.structs.push(struct);
    }
  }

  /** Whether the document or this update holds the change with this id. */
  private knows(id: Id): boolean {
    if (id.clock < Y.getState(this.store, id.client)) return true;
    const run = this.runs.get(id.client);
    return run !== undefined && id.clock >= run.start && id.clock < run.end;
  }

  /** The struct holding `id`: the document's if it has it (integrated, with its parent resolved), else this update's. */
  private find(id: Id): { struct: Struct; inDoc: boolean } {
    if (id.clock < Y.getState(this.store, id.client)) {
      const structs = this.store.clients.get(id.client)!;
      return { struct: structs[Y.findIndexSS(structs, id.clock)]!, inDoc: true };
    }
    const run = this.runs.get(id.client);
    if (!run || id.clock < run.start || id.clock >= run.end) throw new Refused('missing', 'update refers to a change the server does not have');
    for (const struct of run.structs) {
      if (id.clock >= struct.id.clock && id.clock < struct.id.clock + struct.length) return { struct, inDoc: false };
    }
    throw new Refused('missing', 'update refers to a change the server does not have');
  }

  /** Where a struct of the document sits (its parent is resolved to a type). */
  private placeInDoc(item: Item): Place {
    const parent = item.parent as Y.AbstractType<unknown> | null;
    if (!parent) return { kind: 'gone' };
    if (parent._item === null) return { kind: 'root', root: Y.findRootTypeKey(parent), key: item.parentSub };
    const record = parent._item;
    const recordParent = record.parent as Y.AbstractType<unknown> | null;
    if (!recordParent || recordParent._item !== null || record.parentSub === null) return { kind: 'deep' };
    return { kind: 'record', collection: Y.findRootTypeKey(recordParent), recordId: record.parentSub, record, key: item.parentSub };
  }

  /** Where an item of this update will sit once integrated. */
  private place(struct: Struct, inDoc: boolean): Place {
    if (!(struct instanceof Y.Item)) return { kind: 'gone' };
    if (inDoc) return this.placeInDoc(struct);
    const known = this.places.get(struct);
    if (known) return known;
    const place = this.resolve(struct);
    this.places.set(struct, place);
    return place;
  }

  private resolve(item: Item): Place {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { kind: 'root', root: parent, key: item.parentSub };
    if (parent !== null) {
      // The parent is a type: the item holding it, which must be a record (a map straight under a root).
      const { struct, inDoc } = this.find(parent as Id);
      if (!(struct instanceof Y.Item)) return { kind: 'gone' };
      if (!(struct.content instanceof Y.ContentType) || !(struct.content.type instanceof Y.Map)) throw new Refused('shape', 'write inside something that is not a record');
      const holder = this.place(struct, inDoc);
      if (holder.kind === 'gone') return holder;
      if (holder.kind !== 'root' || holder.key === null) return { kind: 'deep' };
      return { kind: 'record', collection: holder.root, recordId: holder.key, record: struct, key: item.parentSub };
    }
    // Written next to a neighbour: same parent, same key (a map key set again).
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) throw new Refused('shape', 'item without a place');
    const { struct, inDoc } = this.find(neighbour);
    return this.place(struct, inDoc);
  }

  private readInsert(item: Item): void {
    for (const id of [item.origin, item.rightOrigin]) {
      if (id && !this.knows(id)) throw new Refused('missing', 'update refers to a change the server does not have');
    }
    const place = this.place(item, false);
    if (place.kind === 'gone') return; // Lands in something deleted and collected: Yjs drops it.
    if (place.kind === 'deep') throw new Refused('shape', 'nested values are not part of the board');
    if (place.key === null) throw new Refused('shape', 'lists and text are not part of the board');
    const content = item.content;
    if (place.kind === 'root') {
      if (content instanceof Y.ContentType && content.type instanceof Y.Map) {
        this.creates.set(item, { collection: place.root, id: place.key, fields: new Map() });
        return;
      }
      if (content instanceof Y.ContentDeleted) {
        // Replaces the key's record with nothing: a deletion.
        this.recordDeleted(place.root, place.key);
        return;
      }
      throw new Refused('shape', `a bare value under "${place.root}"`);
    }
    let value: FieldValue | typeof REMOVED;
    if (content instanceof Y.ContentAny && content.arr.length === 1) value = content.arr[0];
    else if (content instanceof Y.ContentDeleted) value = REMOVED;
    else throw new Refused('shape', 'a field holds something other than a plain value');
    const created = this.creates.get(place.record);
    if (created) {
      if (value === REMOVED) created.fields.delete(place.key);
      else created.fields.set(place.key, value);
      return;
    }
    const map = this.liveRecord(place.collection, place.recordId, place.record);
    if (map) this.change(place.collection, place.recordId, map).fields.set(place.key, value);
    // A write into a record that was replaced or deleted has no effect.
  }

  /** The record's map if `record` is the item the document currently holds under that id. */
  private liveRecord(collection: string, id: string, record: Item): Y.Map<unknown> | null {
    if (record.deleted || !(record.content instanceof Y.ContentType) || this.currentItem(collection, id) !== record) return null;
    return record.content.type as Y.Map<unknown>;
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

  private change(collection: string, id: string, map: Y.Map<unknown>): RecordChange {
    let change = this.changes.get(map);
    if (!change) {
      change = { collection, id, map, fields: new Map() };
      this.changes.set(map, change);
    }
    return change;
  }

  private recordDeleted(collection: string, id: string): void {
    const item = this.currentItem(collection, id);
    const map = item?.content instanceof Y.ContentType ? item.content.type : null;
    if (map instanceof Y.Map) this.deletes.set(map, { collection, id, map });
  }

  /**
   * Deletions name ranges of ids. Those the document holds are resolved to the record or field
   * whose current value they remove; those in this update only supersede its own items; any
   * other range depends on changes the server does not have.
   */
  private readDeletions(): void {
    for (const [client, ranges] of this.decoded.ds.clients) {
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
    for (const map of this.deletes.keys()) this.changes.delete(map);
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
    const map = this.liveRecord(place.collection, place.recordId, place.record);
    if (!map) return;
    const change = this.change(place.collection, place.recordId, map);
    // A field set again in this update: the old value's removal is part of that write.
    if (!change.fields.has(place.key)) change.fields.set(place.key, REMOVED);
  }
}

/**
 * Whether applying `update` would change nothing: every item in it is already in the document and
 * everything it deletes is already deleted. Stock clients answer the server's sync step 1 with such
 * an update (their whole delete set, nothing new), read-only ones included, so it needs no right
 * to write. Throws what Yjs throws on an unreadable update.
 */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update) as unknown as { structs: Struct[]; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } };
  const store = doc.store;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  }
  for (const [client, ranges] of ds.clients) {
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
