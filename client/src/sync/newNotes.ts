import type { Note } from '@tributary/shared/board/note';

/**
 * Collects notes that appear after it starts (the notes already there are not news) and
 * hands them over in batches.
 */
export class NewNoteBatcher {
  private readonly known = new Set<string>();
  private pending: Note[] = [];

  constructor(initial: Iterable<Note>) {
    for (const note of initial) this.known.add(note.id);
  }

  /** Looks at the board's current notes; remembers the new ones. */
  update(notes: Iterable<Note>): void {
    for (const note of notes) {
      if (this.known.has(note.id)) continue;
      this.known.add(note.id);
      this.pending.push(note);
    }
  }

  /** The notes gathered since the last call, with their latest version. */
  take(current: ReadonlyMap<string, Note>): Note[] {
    const out = this.pending.map((n) => current.get(n.id)).filter((n): n is Note => n !== undefined);
    this.pending = [];
    return out;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
