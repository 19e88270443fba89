import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createArea, createNote, deleteNotes, moveNotes, setNoteText } from '@tributary/shared/board/mutations';
import { readNote, readNoteAuthorship } from '@tributary/shared/board/note';
import { notesMap } from '@tributary/shared/board/schema';
import { inspectUpdate, inspectUpdateInFull } from '../../../server/src/sync/updateInspector.ts';
import type { UpdateEffects } from '../../../server/src/sync/updateEffects.ts';
import { mutate, seededRandom } from '../../helpers/random.ts';

/**
 * inspectUpdate reads the most common update, one new record, by a shortcut (newRecord in
 * server/src/sync/newRecordShortcut.ts) instead of its general reading. Held to the general
 * reading here: on new records and everything close to one (a record replacing another, a field
 * written twice, a record and a deletion, two records, another client's write, updates that skip
 * ahead or come again) and on thousands of mutated copies, both report the same, or both throw.
 * The same for the check's reading of who wrote a note (readNoteAuthorship) against readNote.
 */

type Outcome = { effects: UpdateEffects } | { threw: true };
const outcome = (inspect: (doc: Y.Doc, update: Uint8Array) => UpdateEffects, doc: Y.Doc, update: Uint8Array): Outcome => {
  try {
    return { effects: inspect(doc, update) };
  } catch {
    return { threw: true };
  }
};

/** The server's board (notes from two clients, one area) and updates against it, most of them new records. */
function corpus(): { server: Y.Doc; updates: Uint8Array[] } {
  const server = new Y.Doc();
  const alice = new Y.Doc();
  const bob = new Y.Doc();
  const sync = (doc: Y.Doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
  const send = (doc: Y.Doc) => Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
  createNote(alice, { text: 'Alice was here', pos: { x: 0, y: 0 }, authorId: 'p_alice', authorName: 'Alice' }, null, 'note_alice');
  const aliceFirst = Y.encodeStateAsUpdate(alice);
  send(alice);
  sync(bob);
  createNote(bob, { text: 'Bob too', pos: { x: 10, y: 10 }, authorId: 'p_bob', authorName: 'Bob' }, null, 'note_bob');
  createArea(bob, { title: 'Table', rect: { x: 0, y: 0, w: 300, h: 300 } }, null, 'area_t');
  send(bob);
  sync(alice);

  const updates: Uint8Array[] = [];
  /** What `change` makes a client with `doc`'s id and state send; the server does not apply it. */
  const write = (doc: Y.Doc, change: (client: Y.Doc) => void) => {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    // Only now: Yjs gives a document a new id when an update it applies holds its own.
    client.clientID = doc.clientID;
    const before = Y.encodeStateVector(server);
    change(client);
    updates.push(Y.encodeStateAsUpdate(client, before));
  };
  const next = seededRandom(15);
  for (let n = 0; n < 20; n++) {
    const doc = next() < 0.5 ? alice : bob;
    write(doc, (c) => createNote(c, { text: `idea ${n} é`, pos: { x: n * 1.5, y: 2 ** 33 }, authorId: 'p_alice', authorName: 'Alice', replyTo: 'note_bob' }));
  }
  write(alice, (c) => createArea(c, { title: 'Stage', rect: { x: 0, y: 0, w: 200, h: 200 } }));
  // Close to a new record, each read by the general reading.
  write(alice, (c) => createNote(c, { text: 'replaces Bob', pos: { x: 0, y: 0 } }, null, 'note_bob'));
  write(alice, (c) => c.transact(() => {
    createNote(c, { text: 'two', pos: { x: 0, y: 0 } }, null, 'note_two');
    setNoteText(c, 'note_two', 'written again');
  }));
  write(alice, (c) => c.transact(() => {
    createNote(c, { text: 'and a delete', pos: { x: 0, y: 0 } });
    deleteNotes(c, ['note_alice']);
  }));
  write(alice, (c) => c.transact(() => {
    createNote(c, { text: 'first', pos: { x: 0, y: 0 } });
    createNote(c, { text: 'second', pos: { x: 0, y: 0 } });
  }));
  write(alice, (c) => moveNotes(c, [{ id: 'note_bob', pos: { x: 5, y: 5 }, areaId: 'area_t' }]));
  write(alice, (c) => notesMap(c).set('note_bare', 'boom' as never));
  write(alice, (c) => notesMap(c).set('note_nested', new Y.Map([['deep', new Y.Map()]]) as never));
  write(alice, (c) => notesMap(c).set('note_list', new Y.Map([['text', new Y.Text('x')]]) as never));
  // Another client writing into a new record of this update.
  const first = new Y.Doc();
  const second = new Y.Doc();
  Y.applyUpdate(first, Y.encodeStateAsUpdate(server));
  createNote(first, { text: 'mine', pos: { x: 0, y: 0 } }, null, 'note_mine');
  Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
  notesMap(second).get('note_mine')!.set('anonymous', true);
  const before = Y.encodeStateVector(server);
  updates.push(Y.mergeUpdates([Y.encodeStateAsUpdate(first, before), Y.encodeStateAsUpdate(second, Y.encodeStateVector(first))]));
  // A record the server already has (an echo), and one after a gap.
  updates.push(aliceFirst, Y.encodeStateAsUpdate(alice));
  const ahead = new Y.Doc();
  ahead.clientID = 7;
  createNote(ahead, { text: 'skipped', pos: { x: 0, y: 0 } });
  const gap = Y.encodeStateAsUpdate(ahead);
  createNote(ahead, { text: 'after the gap', pos: { x: 0, y: 0 } });
  updates.push(Y.encodeStateAsUpdate(ahead, Y.encodeStateVectorFromUpdate(gap)));
  updates.push(twiceWritten());
  return { server, updates };
}

/**
 * By hand, as no Yjs client writes it: a new note whose `text` is written twice, both naming the
 * note as their parent, neither after the other (Yjs keeps one, by a rule of its own).
 */
function twiceWritten(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 4); // four structs
  encoding.writeVarUint(e, 99); // client 99
  encoding.writeVarUint(e, 0); // from clock 0
  encoding.writeUint8(e, 7 | 32); // a type, in a map
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 'notes');
  encoding.writeVarString(e, 'note_twice');
  encoding.writeVarUint(e, 1); // a Y.Map
  for (const [key, value] of [['text', 'one'], ['text', 'two'], ['pos', { x: 0, y: 0 }]] as const) {
    encoding.writeUint8(e, 8 | 32); // a plain value, in a map
    encoding.writeVarUint(e, 0); // parent: an item
    encoding.writeVarUint(e, 99);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, key);
    encoding.writeVarUint(e, 1);
    encoding.writeAny(e, value);
  }
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

describe('the new-record shortcut reads what the general reading reads', () => {
  const { server, updates } = corpus();
  const state = Y.encodeStateAsUpdate(server);

  test('on new records and updates close to one', () => {
    let creates = 0;
    for (const [i, update] of updates.entries()) {
      const expected = outcome(inspectUpdateInFull, server, update);
      if ('effects' in expected && expected.effects.ok && expected.effects.creates.length === 1 && expected.effects.changes.length === 0) creates++;
      expect(outcome(inspectUpdate, server, update), `update ${i}`).toEqual(expected);
    }
    expect(creates).toBeGreaterThanOrEqual(21);
    // Reading changed nothing.
    expect(Y.encodeStateAsUpdate(server)).toEqual(state);
  });

  test('on mutated copies: a byte changed, bytes cut off, bytes inserted', () => {
    const next = seededRandom(51);
    const kinds = new Set<string>();
    for (let n = 0; n < 3000; n++) {
      const mutated = mutate(updates[Math.floor(next() * updates.length)]!, next);
      const expected = outcome(inspectUpdateInFull, server, mutated);
      kinds.add('threw' in expected ? 'threw' : expected.effects.ok ? 'ok' : expected.effects.problem);
      expect(outcome(inspectUpdate, server, mutated), `mutation ${n}`).toEqual(expected);
    }
    // Every kind of outcome was exercised.
    expect([...kinds].sort()).toEqual(['missing', 'ok', 'shape', 'threw']);
  });
});

describe('readNoteAuthorship says what readNote says of who wrote a note', () => {
  test('on notes good, broken and forged', () => {
    const doc = new Y.Doc();
    const notes = notesMap(doc);
    const good = { text: 'hi', pos: { x: 1, y: 2 }, anonymous: false, authorId: 'p_bob' };
    const variants: Array<Record<string, unknown>> = [
      good,
      { ...good, authorId: undefined },
      { ...good, anonymous: true },
      { ...good, anonymous: 'yes' },
      { ...good, authorId: 'p_'.padEnd(65, 'x') },
      { ...good, authorId: 42 },
      { ...good, authorId: '' },
      { ...good, text: undefined },
      { ...good, text: 7 },
      { ...good, pos: { x: 'a', y: 1 } },
      { ...good, pos: undefined },
    ];
    doc.transact(() => {
      variants.forEach((fields, i) => notes.set(`note_${i}`, new Y.Map(Object.entries(fields).filter(([, v]) => v !== undefined))));
      notes.set('note_bare', 'boom' as never);
    });
    let skipped = 0;
    for (const [id, map] of notes.entries()) {
      const note = readNote(id, map);
      if (!note) skipped++;
      expect(readNoteAuthorship(map), id).toEqual(note ? { anonymous: note.anonymous, authorId: note.authorId } : null);
    }
    expect(skipped).toBe(5);
  });
});
