import type * as Y from 'yjs';

/**
 * What a Yjs update would do to a document of records, as updateInspector.ts reports it: the
 * records it creates, changes and deletes, with every value it may leave in each field; or why it
 * cannot be read that way. The rules judge these (policy/boardWrites.ts).
 */

/** A value a field was set to, or the field's removal. */
export const REMOVED = Symbol('removed');
export type FieldValue = unknown;
export type Written = FieldValue | typeof REMOVED;

export interface RecordCreate {
  collection: string;
  id: string;
  /** The record's fields as the update builds them. */
  fields: Map<string, FieldValue>;
  /**
   * Other values the update gives a field (REMOVED: the field's removal), which Yjs may keep
   * instead of the one in `fields`: two writes to one key, neither written after the other (no
   * honest client makes them; an attacker can, in one update or with two client ids). Each must
   * pass the rules as well. Usually empty.
   */
  alternatives: Array<[string, Written]>;
}

export interface RecordChange {
  collection: string;
  id: string;
  /** The record's live Y.Map in the document. */
  map: Y.Map<unknown>;
  /** New values, or REMOVED. */
  fields: Map<string, Written>;
  /** As RecordCreate's: other values Yjs may keep instead, each to be checked. Usually empty. */
  alternatives: Array<[string, Written]>;
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
