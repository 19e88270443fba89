import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createNote, deleteNotes, setNoteText } from '@tributary/shared/board/mutations';
import { notesMap } from '@tributary/shared/board/schema';
import { authorTally } from '../../../server/src/policy/authorTally.ts';
import { personCapRefusal } from '../../../server/src/policy/boardWrites.ts';
import { seededRandom } from '../../helpers/random.ts';

/**
 * The per-person caps read each participant's notes and text from a tally kept up to date change
 * by change (server/src/policy/authorTally.ts). Held here to a count over every note of the
 * board, after every kind of change, made locally or arriving as an update, started on a board
 * that already holds notes or on an empty one.
 */

/** The count the tally replaces: every note of the board read again. */
function counted(board: Y.Doc, participantId: string): { notes: number; text: number } {
  let notes = 0;
  let text = 0;
  notesMap(board).forEach((map) => {
    if (!(map instanceof Y.Map) || map.get('authorId') !== participantId) return;
    const current = map.get('text');
    notes++;
    text += typeof current === 'string' ? current.length : 0;
  });
  return { notes, text };
}

const PEOPLE = ['p_a', 'p_b', 'p_c'];

describe('the author tally', () => {
  test('matches a count over every note after every change, local or from an update', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = seededRandom(seed);
      const board = new Y.Doc();
      const other = new Y.Doc();
      // Half the boards already hold notes when the tally starts.
      if (seed % 2 === 0) createNote(board, { text: 'before', pos: { x: 0, y: 0 }, authorId: 'p_a' }, null, 'note_before');
      const tally = authorTally(board);
      for (let step = 0; step < 120; step++) {
        // Notes that are maps (the test also writes bare values, which the mutations skip past).
        const ids = [...notesMap(board).entries()].filter(([, v]) => v instanceof Y.Map).map(([id]) => id);
        const pick = () => ids[Math.floor(next() * ids.length)]!;
        const who = PEOPLE[Math.floor(next() * PEOPLE.length)]!;
        const r = next();
        if (ids.length === 0 || r < 0.25) createNote(board, { text: 'x'.repeat(Math.floor(next() * 30)), pos: { x: 0, y: 0 }, authorId: next() < 0.2 ? undefined : who });
        else if (r < 0.45) setNoteText(board, pick(), 'y'.repeat(Math.floor(next() * 40)));
        else if (r < 0.52) deleteNotes(board, [pick()]);
        else if (r < 0.58) notesMap(board).get(pick())?.set('authorId', who); // a raw write, as the server's own code could make
        else if (r < 0.62) notesMap(board).get(pick())?.set('text', 7 as never);
        else if (r < 0.66) notesMap(board).get(pick())?.delete('authorId');
        else if (r < 0.7) notesMap(board).set(pick(), 'bare' as never);
        else if (r < 0.75) createNote(board, { text: 'replaced', pos: { x: 0, y: 0 }, authorId: who }, null, pick()); // a new note under an old key
        else if (r < 0.8) {
          // Several changes in one transaction.
          board.transact(() => {
            const id = createNote(board, { text: 'in one go', pos: { x: 0, y: 0 }, authorId: who });
            setNoteText(board, id, 'changed in the same transaction');
            deleteNotes(board, [pick()]);
          });
        } else {
          // A change made elsewhere, arriving as an update.
          Y.applyUpdate(other, Y.encodeStateAsUpdate(board, Y.encodeStateVector(other)));
          const theirs = [...notesMap(other).entries()].filter(([, v]) => v instanceof Y.Map).map(([id]) => id);
          const id = theirs[Math.floor(next() * theirs.length)];
          if (next() < 0.5 && id) setNoteText(other, id, 'z'.repeat(Math.floor(next() * 50)));
          else createNote(other, { text: 'from elsewhere', pos: { x: 0, y: 0 }, authorId: who });
          Y.applyUpdate(board, Y.encodeStateAsUpdate(other, Y.encodeStateVector(board)));
        }
        for (const person of PEOPLE) expect(tally.totals(person), `seed ${seed} step ${step} ${person}`).toEqual(counted(board, person));
      }
    }
  });

  test('the caps read from it as from a count over every note, with the texts a write would set', () => {
    const board = new Y.Doc();
    const mine = createNote(board, { text: 'a'.repeat(40), pos: { x: 0, y: 0 }, authorId: 'p_a' });
    const theirs = createNote(board, { text: 'b'.repeat(40), pos: { x: 0, y: 0 }, authorId: 'p_b' });
    createNote(board, { text: 'c'.repeat(30), pos: { x: 0, y: 0 }, authorId: 'p_a' });
    const limits = { maxNotesPerPerson: 3, maxTextPerPerson: 100 };
    const map = (id: string) => notesMap(board).get(id)!;
    expect(personCapRefusal(board, 'p_a', { notes: 1, text: 30 }, limits)).toBeNull();
    expect(personCapRefusal(board, 'p_a', { notes: 1, text: 31 }, limits)).toBe('too-much-text');
    expect(personCapRefusal(board, 'p_a', { notes: 2, text: 0 }, limits)).toBe('too-many-notes');
    // Their own note's text counts as the new text; someone else's does not count at all.
    expect(personCapRefusal(board, 'p_a', { notes: 0, text: 0 }, limits, new Map([[map(mine), 'a'.repeat(70)]]))).toBeNull();
    expect(personCapRefusal(board, 'p_a', { notes: 0, text: 0 }, limits, new Map([[map(mine), 'a'.repeat(71)]]))).toBe('too-much-text');
    expect(personCapRefusal(board, 'p_a', { notes: 0, text: 0 }, limits, new Map([[map(theirs), 'b'.repeat(900)]]))).toBeNull();
    setNoteText(board, mine, '');
    expect(personCapRefusal(board, 'p_a', { notes: 0, text: 70 }, limits)).toBeNull();
    expect(personCapRefusal(board, 'p_a', { notes: 0, text: 71 }, limits)).toBe('too-much-text');
  });
});
