import * as Y from 'yjs';
import { notesMap } from '@tributary/shared/board/schema';

/**
 * How many notes, and how many characters of note text, each participant has on a board: what
 * the per-person caps are checked against (boardWrites.ts personCapRefusal). Counted from the
 * board itself, so the caps hold across processes and restarts, but kept up to date change by
 * change instead of counted again for every write: the caps are asked on every keystroke a
 * participant sends, and counting a 300-note board each time cost more than the rest of the
 * check together (npm run bench:check).
 *
 * A note is a participant's when its map carries their id (anonymous notes never do); its text
 * counts when it is a string. The same reading as a count over every note, which
 * tests/server/trust/author-tally.test.ts holds it to.
 */
interface Counted {
  map: Y.Map<unknown>;
  author: string;
  length: number;
}

export interface AuthorTotals {
  notes: number;
  text: number;
}

export class AuthorTally {
  private readonly notes: Y.Map<Y.Map<unknown>>;
  /** What each note under its key was counted as; notes without an author id are not here. */
  private readonly byKey = new Map<string, Counted>();
  private readonly byAuthor = new Map<string, AuthorTotals>();

  constructor(board: Y.Doc) {
    this.notes = notesMap(board);
    for (const key of this.notes.keys()) this.recount(key);
    // Every change to the document, whoever makes it (clients, the server, other processes,
    // storage), is a transaction: the notes it touched are counted again.
    board.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) {
        if ((type as unknown) === this.notes) {
          for (const key of keys) if (key !== null) this.recount(key);
        } else if (type._item?.parent === this.notes && type._item.parentSub !== null) {
          this.recount(type._item.parentSub);
        }
      }
    });
  }

  /** A participant's notes and text now. */
  totals(participantId: string): AuthorTotals {
    return this.byAuthor.get(participantId) ?? { notes: 0, text: 0 };
  }

  /** The text length `map` is counted with for `participantId`, or null when it is not one of theirs. */
  countedText(participantId: string, map: Y.Map<unknown>): number | null {
    const key = map._item?.parentSub;
    const counted = key ? this.byKey.get(key) : undefined;
    return counted && counted.map === map && counted.author === participantId ? counted.length : null;
  }

  private recount(key: string): void {
    const before = this.byKey.get(key);
    if (before) {
      this.add(before.author, -1, -before.length);
      this.byKey.delete(key);
    }
    const map = this.notes.get(key) as unknown;
    if (!(map instanceof Y.Map)) return;
    const author = map.get('authorId');
    if (typeof author !== 'string') return;
    const text = map.get('text');
    const counted = { map, author, length: typeof text === 'string' ? text.length : 0 };
    this.byKey.set(key, counted);
    this.add(author, 1, counted.length);
  }

  private add(author: string, notes: number, text: number): void {
    const totals = this.byAuthor.get(author);
    if (!totals) {
      this.byAuthor.set(author, { notes, text });
      return;
    }
    totals.notes += notes;
    totals.text += text;
    if (totals.notes === 0) this.byAuthor.delete(author);
  }
}

const tallies = new WeakMap<Y.Doc, AuthorTally>();

/** The board's tally, started on first use. */
export function authorTally(board: Y.Doc): AuthorTally {
  let tally = tallies.get(board);
  if (!tally) tallies.set(board, (tally = new AuthorTally(board)));
  return tally;
}
