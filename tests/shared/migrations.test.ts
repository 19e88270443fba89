import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION, BOARD_SCHEMA_VERSION_KEY, boardSchemaVersion, migrateBoard } from '@tributary/shared/board/migrations';
import { createArea, createNote } from '@tributary/shared/board/mutations';
import { areasMap, boardMeta, notesMap } from '@tributary/shared/board/schema';
import { controlMap } from '@tributary/shared/control/state';
import { SERVER_ORIGIN } from '@tributary/shared/origins';

/**
 * migrateBoard (shared/src/board/migrations.ts) on boards in each shape it migrates from: no
 * version at all, version 1 stamped in the board's own `meta` map (with bare values where records
 * belong), version 2 stamped in the control document (areas without roles), and the current
 * version, which it must leave alone. tests/shared/area-roles.test.ts checks the role rules of
 * version 3 one by one.
 */

const RIVER_PLACEHOLDER = 'This stage is for the group to name and describe: how might someone be feeling here, and what is going on for them?';
const WORDS = 'Words'; // Word Association's area: role `words`

/** A board as the first versions wrote it: records as Y.Maps, areas without roles. */
function oldBoard(): { board: Y.Doc; control: Y.Doc; noteId: string; wordsId: string; stageId: string; ownId: string } {
  const board = new Y.Doc();
  const control = new Y.Doc();
  const noteId = createNote(board, { text: 'kept', pos: { x: 10, y: 20 }, authorName: 'Ada', authorId: 'p_ada' });
  const wordsId = createArea(board, { title: WORDS, rect: { x: 0, y: 0, w: 500, h: 500 } });
  const stageId = createArea(board, { title: '1. The source', rect: { x: 600, y: 0, w: 500, h: 500 }, description: RIVER_PLACEHOLDER });
  const ownId = createArea(board, { title: 'Something of our own', rect: { x: 0, y: 600, w: 500, h: 500 }, description: 'Our words' });
  for (const id of [wordsId, stageId, ownId]) areasMap(board).get(id)!.delete('role');
  return { board, control, noteId, wordsId, stageId, ownId };
}

/** Bare values where records belong: what clients could write before the record layer. */
function addBareValues(board: Y.Doc): void {
  (notesMap(board) as Y.Map<unknown>).set('note_bare', 'just a string');
  (areasMap(board) as Y.Map<unknown>).set('area_bare', { title: 'a plain object, not a Y.Map' });
}

const fullState = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

/** Every transaction on `doc` while `fn` runs, with its origin. */
function transactionsDuring(doc: Y.Doc, fn: () => void): unknown[] {
  const origins: unknown[] = [];
  const record = (tr: Y.Transaction) => origins.push(tr.origin);
  doc.on('afterTransaction', record);
  try {
    fn();
  } finally {
    doc.off('afterTransaction', record);
  }
  return origins;
}

function expectCurrent(board: Y.Doc, control: Y.Doc): void {
  expect(controlMap(control).get(BOARD_SCHEMA_VERSION_KEY)).toBe(BOARD_SCHEMA_VERSION);
  expect(boardSchemaVersion(board, control)).toBe(BOARD_SCHEMA_VERSION);
  expect(boardMeta(board).size, 'the board keeps no version of its own').toBe(0);
}

describe('migrateBoard', () => {
  it('the current version is 3, the one these shapes migrate to (add a shape here with a new step)', () => {
    expect(BOARD_SCHEMA_VERSION).toBe(3);
  });

  it('a board with no version anywhere runs every step, in one server transaction per document', () => {
    const { board, control, noteId, wordsId, stageId, ownId } = oldBoard();
    addBareValues(board);
    expect(boardSchemaVersion(board, control)).toBe(0);
    const noteBefore = notesMap(board).get(noteId)!.toJSON();

    let changed = false;
    const boardOrigins = transactionsDuring(board, () => {
      const controlOrigins = transactionsDuring(control, () => (changed = migrateBoard(board, control)));
      expect(controlOrigins).toEqual([SERVER_ORIGIN]);
    });
    expect(changed).toBe(true);
    expect(boardOrigins).toEqual([SERVER_ORIGIN]);

    // Version 2: bare values gone, records kept as they were.
    expect(notesMap(board).has('note_bare')).toBe(false);
    expect(areasMap(board).has('area_bare')).toBe(false);
    expect(notesMap(board).get(noteId)!.toJSON()).toEqual(noteBefore);
    // Version 3: roles where a template's title tells them, the river placeholder gone.
    expect(areasMap(board).get(wordsId)!.get('role')).toBe('words');
    expect(areasMap(board).get(stageId)!.get('role')).toBe('stage');
    expect(areasMap(board).get(stageId)!.has('description')).toBe(false);
    expect(areasMap(board).get(ownId)!.has('role')).toBe(false);
    expect(areasMap(board).get(ownId)!.get('description')).toBe('Our words');
    expectCurrent(board, control);
  });

  it('version 1, stamped in the board\'s meta map: bare values go, and the version moves to the control document', () => {
    const { board, control, wordsId } = oldBoard();
    addBareValues(board);
    boardMeta(board).set('schemaVersion', 1);
    boardMeta(board).set('somethingElse', 'left by an old client');
    expect(boardSchemaVersion(board, control)).toBe(1);

    expect(migrateBoard(board, control)).toBe(true);
    expect([...notesMap(board).keys()]).toHaveLength(1);
    expect([...areasMap(board).keys()]).not.toContain('area_bare');
    expect(areasMap(board).get(wordsId)!.get('role')).toBe('words');
    expectCurrent(board, control);
  });

  it('a version a client wrote into the board\'s meta map is not believed: every step runs', () => {
    const { board, control, wordsId } = oldBoard();
    addBareValues(board);
    boardMeta(board).set('schemaVersion', 999);
    expect(boardSchemaVersion(board, control)).toBe(0);

    expect(migrateBoard(board, control)).toBe(true);
    expect(notesMap(board).has('note_bare')).toBe(false);
    expect(areasMap(board).get(wordsId)!.get('role')).toBe('words');
    expectCurrent(board, control);
  });

  it('version 2, stamped in the control document: only the role step runs', () => {
    const { board, control, wordsId, stageId } = oldBoard();
    controlMap(control).set(BOARD_SCHEMA_VERSION_KEY, 2);
    // A bare value left in a version-2 board is not the role step's business: it stays.
    addBareValues(board);

    expect(migrateBoard(board, control)).toBe(true);
    expect(notesMap(board).has('note_bare')).toBe(true);
    expect(areasMap(board).get(wordsId)!.get('role')).toBe('words');
    expect(areasMap(board).get(stageId)!.has('description')).toBe(false);
    expect(controlMap(control).get(BOARD_SCHEMA_VERSION_KEY)).toBe(BOARD_SCHEMA_VERSION);
  });

  it('a role already set is kept, whatever the title says', () => {
    const { board, control } = oldBoard();
    const id = createArea(board, { title: WORDS, rect: { x: 0, y: 0, w: 500, h: 500 }, role: 'theme' });
    expect(migrateBoard(board, control)).toBe(true);
    expect(areasMap(board).get(id)!.get('role')).toBe('theme');
  });

  it('a current board is left exactly as it is: no change, no transaction, no update', () => {
    const { board, control } = oldBoard();
    migrateBoard(board, control);
    const boardBefore = fullState(board);
    const controlBefore = fullState(control);
    const updates: Uint8Array[] = [];
    board.on('update', (u: Uint8Array) => updates.push(u));
    control.on('update', (u: Uint8Array) => updates.push(u));

    expect(migrateBoard(board, control)).toBe(false);
    expect(updates).toEqual([]);
    expect(fullState(board)).toEqual(boardBefore);
    expect(fullState(control)).toEqual(controlBefore);
  });

  it('a board migrated on one copy converges with a client that held the old shape', () => {
    // The server migrates its copy on load; a client offline since before then syncs afterwards.
    const { board, control, wordsId } = oldBoard();
    addBareValues(board);
    const client = new Y.Doc();
    Y.applyUpdate(client, fullState(board));
    migrateBoard(board, control);
    createNote(client, { text: 'written offline', pos: { x: 0, y: 0 } });

    Y.applyUpdate(board, Y.encodeStateAsUpdate(client, Y.encodeStateVector(board)));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(board, Y.encodeStateVector(client)));
    expect(client.getMap('notes').toJSON()).toEqual(board.getMap('notes').toJSON());
    expect(client.getMap('areas').toJSON()).toEqual(board.getMap('areas').toJSON());
    expect(notesMap(client).has('note_bare')).toBe(false);
    expect(areasMap(client).get(wordsId)!.get('role')).toBe('words');
  });
});
