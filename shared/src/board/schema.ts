import * as Y from 'yjs';

/**
 * Layout of the `board` document:
 * - `notes`: Y.Map<id, Y.Map> of {@link Note} fields
 * - `areas`: Y.Map<id, Y.Map> of {@link Area} fields
 * - `meta`:  empty; boards before schema version 2 kept their version here (now in `control`)
 */
export type RecordMap = Y.Map<Y.Map<unknown>>;

export function notesMap(doc: Y.Doc): RecordMap {
  return doc.getMap('notes');
}

export function areasMap(doc: Y.Doc): RecordMap {
  return doc.getMap('areas');
}

export function boardMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}
