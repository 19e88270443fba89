import * as Y from 'yjs';
import { Content, TYPE_REF_MAP, type ReadUpdate } from './updateReader.ts';
import type { FieldValue, UpdateEffects } from './updateEffects.ts';

/**
 * The most common update, read without the general machinery of updateInspector.ts: one new
 * record and its fields, as creating a record in one transaction writes it. A new Y.Map under a
 * root's key, right after what the document has of its client, then one plain value per field,
 * each naming that map as its parent and its own key; no neighbours, nothing deleted. What the
 * general reading reports for it is exactly this one create. Null for anything else, which the
 * general reading reads (tests/server/trust/update-inspector-shortcut.test.ts holds it to that).
 */
export function newRecord(doc: Y.Doc, read: ReadUpdate): UpdateEffects | null {
  const { structs } = read;
  const record = structs[0];
  if (read.deletes.size !== 0 || record === undefined || record.kind !== 'item') return null;
  if (record.content !== Content.Type || record.typeRef !== TYPE_REF_MAP || record.parentRoot === null || record.parentSub === null) return null;
  const { client, clock } = record.id;
  if (clock !== Y.getState(doc.store, client)) return null;
  const fields = new Map<string, FieldValue>();
  let next = clock + record.length;
  for (let i = 1; i < structs.length; i++) {
    const field = structs[i]!;
    if (field.kind !== 'item' || field.id.client !== client || field.id.clock !== next) return null;
    // An item names its parent only when it has no neighbours: these have none.
    const { parentId, parentSub, values } = field;
    if (parentId === null || parentId.client !== client || parentId.clock !== clock) return null;
    if (parentSub === null || values === null || values.length !== 1 || fields.has(parentSub)) return null;
    fields.set(parentSub, values[0]);
    next += field.length;
  }
  return { ok: true, creates: [{ collection: record.parentRoot, id: record.parentSub, fields, alternatives: [] }], changes: [], deletes: [] };
}
