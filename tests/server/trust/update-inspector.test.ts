import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createArea, createNote, deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { changesNothing, inspectUpdate } from '../../../server/src/sync/updateInspector.ts';
import { REMOVED } from '../../../server/src/sync/updateEffects.ts';
import { seededRandom } from '../../helpers/random.ts';

/**
 * The update inspector reads what an update would do before it is applied: it must see through
 * Yjs' shorthand (an item written next to another carries no parent of its own), in the document
 * and within the same update, and never change the document it reads.
 */

/** A server document and a client that has synced with it. */
function pair(): { server: Y.Doc; client: Y.Doc; sync(): void } {
  const server = new Y.Doc();
  const client = new Y.Doc();
  const sync = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  return { server, client, sync };
}

/** The update a change makes on the client, against what the server has. */
function change(server: Y.Doc, client: Y.Doc, fn: () => void): Uint8Array {
  const before = Y.encodeStateVector(server);
  fn();
  return Y.encodeStateAsUpdate(client, before);
}

describe('inspectUpdate', () => {
  test('a new note: one create with all its fields', () => {
    const { server, client } = pair();
    const update = change(server, client, () => createNote(client, { text: 'hi', pos: { x: 1, y: 2 }, authorId: 'p_1' }, null, 'note_a'));
    const effects = inspectUpdate(server, update);
    expect(effects.ok).toBe(true);
    if (!effects.ok) return;
    expect(effects.creates).toHaveLength(1);
    expect(effects.creates[0]!.id).toBe('note_a');
    expect(Object.fromEntries(effects.creates[0]!.fields)).toMatchObject({ text: 'hi', pos: { x: 1, y: 2 }, authorId: 'p_1', anonymous: false });
    expect(effects.changes).toEqual([]);
    // Reading changed nothing.
    expect(notesMap(server).size).toBe(0);
  });

  test('a field set again is a change of that field (its parent comes from the value it replaces)', () => {
    const { server, client, sync } = pair();
    createNote(client, { text: 'hi', pos: { x: 0, y: 0 } }, null, 'note_a');
    sync();
    const update = change(server, client, () => {
      setNoteText(client, 'note_a', 'new');
      moveNotes(client, [{ id: 'note_a', pos: { x: 5, y: 5 }, areaId: 'area_z' }]);
    });
    const effects = inspectUpdate(server, update);
    if (!effects.ok) throw new Error(effects.detail);
    expect(effects.creates).toEqual([]);
    expect(effects.changes).toHaveLength(1);
    expect(Object.fromEntries(effects.changes[0]!.fields)).toEqual({ text: 'new', pos: { x: 5, y: 5 }, areaId: 'area_z' });
  });

  test('a field removed is reported as REMOVED; a deleted note as a delete', () => {
    const { server, client, sync } = pair();
    createNote(client, { text: 'a', pos: { x: 0, y: 0 }, replyTo: 'note_b' }, null, 'note_a');
    createNote(client, { text: 'b', pos: { x: 0, y: 0 } }, null, 'note_b');
    sync();
    const update = change(server, client, () => {
      notesMap(client).get('note_a')!.delete('replyTo');
      deleteNotes(client, ['note_b']);
    });
    const effects = inspectUpdate(server, update);
    if (!effects.ok) throw new Error(effects.detail);
    expect(effects.changes.map((c) => [c.id, [...c.fields]])).toEqual([['note_a', [['replyTo', REMOVED]]]]);
    expect(effects.deletes.map((d) => d.id)).toEqual(['note_b']);
  });

  test('values outside the record shape are reported as such', () => {
    const cases: Array<(doc: Y.Doc) => void> = [
      (doc) => notesMap(doc).set('note_x', 'boom' as never),
      (doc) => doc.getArray('list').push([1]),
      (doc) => doc.getText('t').insert(0, 'x'),
      (doc) => createNote(doc, { text: 'x', pos: { x: 0, y: 0 } }, null, 'note_n') && notesMap(doc).get('note_n')!.set('deep', new Y.Map()),
      (doc) => createNote(doc, { text: 'x', pos: { x: 0, y: 0 } }, null, 'note_t') && notesMap(doc).get('note_t')!.set('text', new Y.Text('x')),
    ];
    for (const write of cases) {
      const { server, client } = pair();
      const effects = inspectUpdate(server, change(server, client, () => write(client)));
      expect(effects).toMatchObject({ ok: false, problem: 'shape' });
    }
  });

  test('an update that builds on changes the server does not have is reported as missing', () => {
    const { server, client } = pair();
    createNote(client, { text: 'first', pos: { x: 0, y: 0 } }, null, 'note_a');
    const known = Y.encodeStateVector(client);
    setNoteText(client, 'note_a', 'second');
    // The server never received the first change: only the second reaches it.
    const orphan = Y.encodeStateAsUpdate(client, known);
    expect(inspectUpdate(server, orphan)).toMatchObject({ ok: false, problem: 'missing' });
    // A delete of something the server never had is missing history too.
    const other = pair();
    createNote(other.client, { text: 'x', pos: { x: 0, y: 0 } }, null, 'note_b');
    const sv = Y.encodeStateVector(other.client);
    deleteNotes(other.client, ['note_b']);
    expect(inspectUpdate(other.server, Y.encodeStateAsUpdate(other.client, sv))).toMatchObject({ ok: false, problem: 'missing' });
  });

  test('a write into a note another client has deleted has no effect and is not a change', () => {
    const { server, client, sync } = pair();
    createNote(client, { text: 'a', pos: { x: 0, y: 0 } }, null, 'note_a');
    sync();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    deleteNotes(other, ['note_a']);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)));
    const late = change(server, client, () => setNoteText(client, 'note_a', 'too late'));
    const effects = inspectUpdate(server, late);
    if (!effects.ok) throw new Error(effects.detail);
    expect(effects.changes).toEqual([]);
  });

  test('a write naming a deleted, collected note as its parent (a key it never had) has no effect and is not refused', () => {
    const { server, client, sync } = pair();
    createNote(client, { text: 'a', pos: { x: 0, y: 0 } }, null, 'note_a');
    sync();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    deleteNotes(other, ['note_a']);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)));
    // A new key has no neighbour: the item names the note outright, which the server has collected.
    const late = change(server, client, () => {
      const note = notesMap(client).get('note_a')!;
      note.set('replyTo', 'note_b');
      note.set('nested', new Y.Map());
    });
    const effects = inspectUpdate(server, late);
    if (!effects.ok) throw new Error(effects.detail);
    expect(effects).toMatchObject({ creates: [], changes: [], deletes: [] });
    Y.applyUpdate(server, late);
    expect(notesMap(server).size).toBe(0);
  });

  test('areas are reported under their own collection', () => {
    const { server, client } = pair();
    const effects = inspectUpdate(server, change(server, client, () => createArea(client, { title: 'T', rect: { x: 0, y: 0, w: 200, h: 200 } }, null, 'area_a')));
    if (!effects.ok) throw new Error(effects.detail);
    expect(effects.creates.map((c) => [c.collection, c.id])).toEqual([['areas', 'area_a']]);
  });
});

describe('changesNothing', () => {
  test('a stock client\'s answer to sync step 1 (its delete set, nothing new) changes nothing; a new write does', () => {
    const { server, client, sync } = pair();
    createNote(client, { text: 'a', pos: { x: 0, y: 0 } }, null, 'note_a');
    setNoteText(client, 'note_a', 'b');
    sync();
    expect(changesNothing(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(true);
    setNoteText(client, 'note_a', 'c');
    expect(changesNothing(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(false);
  });
});

describe('seeded random edits', () => {
  test('every effect the inspector reports is what applying the update then shows', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededRandom(seed);
      const { server, client } = pair();
      for (let step = 0; step < 40; step++) {
        const ids = [...notesMap(client).keys()];
        const pick = () => ids[Math.floor(next() * ids.length)]!;
        const update = change(server, client, () => {
          const r = next();
          if (ids.length === 0 || r < 0.3) createNote(client, { text: `n${step}`, pos: { x: step, y: 0 } });
          else if (r < 0.55) setNoteText(client, pick(), `t${step}`);
          else if (r < 0.8) moveNotes(client, [{ id: pick(), pos: { x: step, y: step }, areaId: null }]);
          else deleteNotes(client, [pick()]);
        });
        const effects = inspectUpdate(server, update);
        if (!effects.ok) throw new Error(`seed ${seed} step ${step}: ${effects.detail}`);
        // One client's edits follow each other: one value per field, nothing else Yjs could keep.
        for (const c of [...effects.creates, ...effects.changes]) expect(c.alternatives, `seed ${seed} step ${step}`).toEqual([]);
        const before = new Set(notesMap(server).keys());
        Y.applyUpdate(server, update);
        const after = new Set(notesMap(server).keys());
        for (const create of effects.creates) expect(after.has(create.id), `seed ${seed} step ${step}`).toBe(true);
        for (const gone of effects.deletes) expect(before.has(gone.id) && !after.has(gone.id), `seed ${seed} step ${step}`).toBe(true);
        for (const c of effects.changes) {
          for (const [field, value] of c.fields) expect(notesMap(server).get(c.id)!.get(field), `seed ${seed} step ${step}`).toEqual(value);
        }
        expect(server.store.pendingStructs).toBeNull();
      }
      expect(notesMap(server).toJSON()).toEqual(notesMap(client).toJSON());
    }
  });

  test('concurrent writes from several clients merged into one update: whatever Yjs keeps in a field was reported', () => {
    const fields = ['text', 'color', 'authorId', 'anonymous', 'replyTo'];
    const values: Record<string, unknown[]> = { text: ['a', 'b', 42], color: ['yellow', 'pink'], authorId: ['p_1', 'p_2'], anonymous: [true, false], replyTo: ['note_x'] };
    for (let seed = 1; seed <= 60; seed++) {
      const next = seededRandom(1000 + seed);
      const pickOf = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
      const { server, client: base, sync } = pair();
      for (let n = 0; n < 3; n++) createNote(base, { text: `n${n}`, pos: { x: 0, y: 0 }, authorId: 'p_1' }, null, `note_${n}`);
      sync();
      const writers = [1, 2, 3].map(() => {
        const doc = new Y.Doc();
        doc.clientID = Math.floor(next() * 2 ** 31);
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
        return doc;
      });
      for (const [w, doc] of writers.entries()) {
        // Sometimes a writer has seen another's changes first (so writes into their new note).
        if (w > 0 && next() < 0.3) Y.applyUpdate(doc, Y.encodeStateAsUpdate(writers[w - 1]!));
        const edits = 1 + Math.floor(next() * 4);
        for (let e = 0; e < edits; e++) {
          const ids = [...notesMap(doc).keys()];
          const r = next();
          if (ids.length === 0 || r < 0.25) createNote(doc, { text: 'new', pos: { x: 1, y: 1 }, authorId: 'p_1' }, null, next() < 0.5 ? 'note_new' : `note_${w}_${e}`);
          else if (r < 0.75) {
            const field = pickOf(fields);
            notesMap(doc).get(pickOf(ids))!.set(field, pickOf(values[field]!) as never);
          } else if (r < 0.9) notesMap(doc).get(pickOf(ids))!.delete(pickOf(fields));
          else deleteNotes(doc, [pickOf(ids)]);
        }
      }
      const sv = Y.encodeStateVector(server);
      const parts = writers.map((doc) => Y.encodeStateAsUpdate(doc, sv)).sort(() => next() - 0.5);
      const update = Y.mergeUpdates(parts);
      const effects = inspectUpdate(server, update);
      if (!effects.ok) throw new Error(`seed ${seed}: ${effects.detail}`);

      const beforeMaps = new Map(notesMap(server).entries());
      const before = notesMap(server).toJSON() as Record<string, Record<string, unknown>>;
      Y.applyUpdate(server, update);
      const after = notesMap(server).toJSON() as Record<string, Record<string, unknown>>;
      const same = (a: unknown, b: unknown) => JSON.stringify(a === REMOVED ? 'REMOVED' : a) === JSON.stringify(b === REMOVED ? 'REMOVED' : b);
      const possible = (record: { fields: Map<string, unknown>; alternatives: Array<[string, unknown]> }, key: string, created: boolean) => [
        record.fields.has(key) ? record.fields.get(key) : created ? REMOVED : undefined,
        ...record.alternatives.filter(([k]) => k === key).map(([, v]) => v),
      ];
      for (const [id, fieldsNow] of Object.entries(after)) {
        const label = `seed ${seed} note ${id}`;
        if (beforeMaps.get(id) !== notesMap(server).get(id)) {
          // A record of this update: one of its creates left every field as Yjs now has it.
          const matches = effects.creates.filter((c) => c.id === id).some((c) => {
            const keys = new Set([...Object.keys(fieldsNow), ...c.fields.keys()]);
            return [...keys].every((k) => possible(c, k, true).some((v) => same(v, k in fieldsNow ? fieldsNow[k] : REMOVED)));
          });
          expect(matches, label).toBe(true);
          continue;
        }
        for (const key of new Set([...Object.keys(fieldsNow), ...Object.keys(before[id]!)])) {
          const now = key in fieldsNow ? fieldsNow[key] : REMOVED;
          if (same(now, key in before[id]! ? before[id]![key] : REMOVED)) continue;
          const change = effects.changes.find((c) => c.id === id);
          expect(change && possible(change, key, false).some((v) => same(v, now)), `${label} field ${key}`).toBe(true);
        }
      }
      for (const id of Object.keys(before)) if (!(id in after)) expect(effects.deletes.some((d) => d.id === id), `seed ${seed} deleted ${id}`).toBe(true);
    }
  });
});

