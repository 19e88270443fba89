import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createArea, createNote, deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { Content, readUpdate, type ContentKind, type ReadUpdate } from '../../../server/src/sync/updateReader.ts';
import { mutate, seededRandom } from '../../helpers/random.ts';

/**
 * The board check reads updates with its own reader (server/src/sync/updateReader.ts) instead of
 * Y.decodeUpdate. Held to Y.decodeUpdate here: on every update of a corpus (real edits of every
 * kind of Yjs content, merged and garbage-collected updates, updates with gaps, hand-made ones)
 * and on thousands of mutated copies, both read the same changes and deletions, or both throw.
 */

const TYPE_REFS = new Map<unknown, number>([
  [Y.Array, 0],
  [Y.Map, 1],
  [Y.Text, 2],
  [Y.XmlElement, 3],
  [Y.XmlFragment, 4],
  [Y.XmlHook, 5],
  [Y.XmlText, 6],
]);

const CONTENT_KINDS = new Map<unknown, ContentKind>([
  [Y.ContentDeleted, Content.Deleted],
  [Y.ContentJSON, Content.Json],
  [Y.ContentBinary, Content.Binary],
  [Y.ContentString, Content.String],
  [Y.ContentEmbed, Content.Embed],
  [Y.ContentFormat, Content.Format],
  [Y.ContentType, Content.Type],
  [Y.ContentAny, Content.Any],
  [Y.ContentDoc, Content.Doc],
]);

const id = (i: Y.ID | null) => (i ? { client: i.client, clock: i.clock } : null);

/** What Y.decodeUpdate reads, in the reader's terms. */
function yjsReading(update: Uint8Array): ReadUpdate {
  const { structs, ds } = Y.decodeUpdate(update);
  return {
    structs: structs.map((s) => {
      if (s instanceof Y.Skip) return { kind: 'skip', id: id(s.id)!, length: s.length };
      if (s instanceof Y.GC) return { kind: 'gc', id: id(s.id)!, length: s.length };
      const item = s as Y.Item;
      const parent = item.parent as unknown;
      const content = item.content;
      return {
        kind: 'item',
        id: id(item.id)!,
        length: item.length,
        origin: id(item.origin),
        rightOrigin: id(item.rightOrigin),
        parentRoot: typeof parent === 'string' ? parent : null,
        parentId: parent instanceof Y.ID ? id(parent) : null,
        parentSub: item.parentSub,
        content: CONTENT_KINDS.get(content.constructor)! as ContentKind,
        typeRef: content instanceof Y.ContentType ? TYPE_REFS.get(content.type.constructor)! : -1,
        values: content instanceof Y.ContentAny ? content.arr : null,
      };
    }),
    deletes: new Map([...ds.clients].map(([client, ranges]) => [client, ranges.map((r) => ({ clock: r.clock, len: r.len }))])),
  };
}

type Outcome = { read: ReadUpdate } | { threw: true };
const outcome = (read: (u: Uint8Array) => ReadUpdate, update: Uint8Array): Outcome => {
  try {
    return { read: read(update) };
  } catch {
    return { threw: true };
  }
};

/** Updates of every kind a client could send, from real documents. */
function corpus(): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const next = seededRandom(7);
  const room = new Y.Doc();
  const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  for (const client of clients) client.on('update', (u: Uint8Array) => updates.push(u));
  const sync = (doc: Y.Doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(room, Y.encodeStateVector(doc)));
  const send = (doc: Y.Doc) => Y.applyUpdate(room, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(room)));
  for (let step = 0; step < 300; step++) {
    const doc = clients[step % clients.length]!;
    sync(doc);
    const ids = [...notesMap(doc).keys()];
    const pick = () => ids[Math.floor(next() * ids.length)]!;
    const r = next();
    if (ids.length === 0 || r < 0.2) createNote(doc, { text: `note ${step} ✨ ${'é'.repeat(step % 5)}`, pos: { x: step, y: -step }, authorId: 'p_1', authorName: 'Ann' });
    else if (r < 0.4) setNoteText(doc, pick(), `text ${step} 😀`);
    else if (r < 0.5) moveNotes(doc, [{ id: pick(), pos: { x: step * 1.5, y: 2 }, areaId: 'area_x' }]);
    else if (r < 0.55) deleteNotes(doc, [pick()]);
    else if (r < 0.6) createArea(doc, { title: `Table ${step}`, rect: { x: 0, y: 0, w: 300, h: 300 } });
    else if (r < 0.65) doc.getText('text').insert(0, `hello ${step} 🌊`, { bold: true });
    else if (r < 0.7) doc.getText('text').format(0, 2, { italic: step % 2 === 0 ? true : null });
    else if (r < 0.72) doc.getText('text').insertEmbed(1, { image: `${step}.png` });
    else if (r < 0.76) doc.getArray('list').push([step, `s${step}`, { deep: [1, null, true] }, new Uint8Array([1, 2, step % 256]), new Y.Map()]);
    else if (r < 0.79) doc.getArray('list').delete(0, Math.min(2, doc.getArray('list').length));
    else if (r < 0.82) doc.getXmlFragment('xml').push([new Y.XmlElement('p'), new Y.XmlText('x'), new Y.XmlHook('hook') as unknown as Y.XmlText]);
    else if (r < 0.84) doc.getMap('docs').set(`d${step}`, new Y.Doc({ guid: `sub-${step}` }));
    else if (r < 0.9) doc.getMap('meta').set(`k${step}`, [1.5, -2, 2 ** 40, 'x', null, undefined, { a: { b: 'c' } }]);
    else doc.getMap('meta').delete(`k${step - 1}`);
    send(doc);
    // Whole-state updates: garbage-collected content, several clients, delete sets of many ranges.
    if (step % 50 === 49) updates.push(Y.encodeStateAsUpdate(room), Y.encodeStateAsUpdate(doc, Y.encodeStateVector(clients[(step + 1) % clients.length]!)));
  }
  // Merges with gaps hold Skip structs.
  updates.push(Y.mergeUpdates([updates[0]!, updates[5]!, updates[40]!]), Y.mergeUpdates(updates.slice(100, 140)));
  updates.push(...handMade(), ...attacks());
  return updates;
}

/** The board attacks of tests/server/trust/ as the bytes they send (the live-server tests build them the same way). */
function attacks(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const write = (prepare: (doc: Y.Doc) => void, attack: (doc: Y.Doc) => void) => {
    const doc = new Y.Doc();
    prepare(doc);
    const before = Y.encodeStateVector(doc);
    attack(doc);
    out.push(Y.encodeStateAsUpdate(doc, before));
  };
  const withNote = (doc: Y.Doc) => createNote(doc, { text: 'Bob\'s idea', pos: { x: 0, y: 0 }, authorId: 'p_bob', authorName: 'Bob' }, null, 'note_bob');
  write(withNote, (doc) => setNoteText(doc, 'note_bob', 'Bob is a liar'));
  write(withNote, (doc) => deleteNotes(doc, [...notesMap(doc).keys()]));
  write(withNote, (doc) => doc.transact(() => {
    const note = notesMap(doc).get('note_bob')!;
    note.set('anonymous', true);
    note.set('authorId', 'p_mallory');
    note.delete('authorName');
  }));
  write(() => undefined, (doc) => notesMap(doc).set('note_x', 'boom' as never));
  write(() => undefined, (doc) => doc.getMap('areas').set('area_x', 42));
  write(() => undefined, (doc) => doc.getMap('meta').set('schemaVersion', 999));
  write(withNote, (doc) => notesMap(doc).get('note_bob')!.set('deep', new Y.Map()));
  write(withNote, (doc) => notesMap(doc).get('note_bob')!.set('text', new Y.Text('x') as never));
  write(() => undefined, (doc) => notesMap(doc).set('n'.repeat(100_000), new Y.Map()));
  write(() => undefined, (doc) => createNote(doc, { text: 'x'.repeat(300_000), pos: { x: 0, y: 0 } }));
  // The concurrent-writes attacks (concurrent-writes-attack.test.ts): two client ids merged, the
  // second writing into the first's new note.
  const first = new Y.Doc();
  const second = new Y.Doc();
  withNote(first);
  Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
  notesMap(second).get('note_bob')!.set('anonymous', true);
  out.push(Y.mergeUpdates([Y.encodeStateAsUpdate(first), Y.encodeStateAsUpdate(second, Y.encodeStateVector(first))]));
  return out;
}

/** What no Yjs client writes but an attacker can: JSON content, unknown kinds, lying lengths. */
function handMade(): Uint8Array[] {
  const one = (write: (e: encoding.Encoder) => void, deletes: Array<[number, number, number]> = []) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 42);
    encoding.writeVarUint(e, 0);
    write(e);
    encoding.writeVarUint(e, deletes.length);
    for (const [client, clock, len] of deletes) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
    return encoding.toUint8Array(e);
  };
  const rootKey = (e: encoding.Encoder, info: number) => {
    encoding.writeUint8(e, info | 32);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'notes');
    encoding.writeVarString(e, 'note_x');
  };
  return [
    one((e) => {
      rootKey(e, 2);
      encoding.writeVarUint(e, 2);
      encoding.writeVarString(e, '{"a":1}');
      encoding.writeVarString(e, 'undefined');
    }),
    one((e) => {
      rootKey(e, 2);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{not json');
    }),
    one((e) => {
      rootKey(e, 7);
      encoding.writeVarUint(e, 9); // no such type
    }),
    one((e) => rootKey(e, 17)), // no such content
    one((e) => {
      // A skip, then a GC, then a key set with an explicit parent item.
      encoding.writeUint8(e, 10);
      encoding.writeVarUint(e, 3);
    }, [[42, 0, 5], [7, 2, 1]]),
    one((e) => {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 2);
    }),
    one((e) => {
      encoding.writeUint8(e, 8 | 32);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 42);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, 'text');
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, 'hi');
    }),
    one((e) => {
      // Neighbours given: no parent or key follows, even with the key bit set.
      encoding.writeUint8(e, 8 | 32 | 128 | 64);
      for (const n of [1, 2, 3, 4]) encoding.writeVarUint(e, n);
      encoding.writeVarUint(e, 2);
      encoding.writeAny(e, 1);
      encoding.writeAny(e, 'two');
    }),
    new Uint8Array([]),
    new Uint8Array([0, 0]),
  ];
}

describe('readUpdate reads what Y.decodeUpdate reads', () => {
  const updates = corpus();

  test('on every update of the corpus', () => {
    expect(updates.length).toBeGreaterThan(300);
    let threw = 0;
    for (const [i, update] of updates.entries()) {
      const expected = outcome(yjsReading, update);
      if ('threw' in expected) threw++;
      expect(outcome(readUpdate, update), `update ${i}`).toEqual(expected);
    }
    // The hand-made ones Yjs cannot read are in the corpus, and they are the only ones.
    expect(threw).toBe(4);
  });

  test('on mutated copies: a byte changed, bytes cut off, bytes inserted', () => {
    const next = seededRandom(99);
    let both = 0;
    for (let n = 0; n < 4000; n++) {
      const mutated = mutate(updates[Math.floor(next() * updates.length)]!, next);
      const expected = outcome(yjsReading, mutated);
      if ('threw' in expected) both++;
      expect(outcome(readUpdate, mutated), `mutation ${n}`).toEqual(expected);
    }
    // Both kinds of outcome were exercised.
    expect(both).toBeGreaterThan(100);
    expect(both).toBeLessThan(3900);
  });
});
