import * as Y from 'yjs';
import { readArea, type Area } from '@tributary/shared/board/area';
import { readNote, type Note } from '@tributary/shared/board/note';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { Store } from './store.ts';

export interface BoardSnapshot {
  /** Bumped on every change; cheap to compare. */
  version: number;
  notes: ReadonlyMap<string, Note>;
  areas: ReadonlyMap<string, Area>;
}

/**
 * Keeps plain, immutable copies of the board's notes and areas, updated incrementally from
 * Yjs events (only the records that changed are re-read), and publishes one snapshot per
 * burst of changes, so a board of 20,000 notes does not re-read everything on each keystroke.
 */
export class BoardStore extends Store<BoardSnapshot> {
  private notes = new Map<string, Note>();
  private areas = new Map<string, Area>();
  private dirtyNotes = new Set<string>();
  private dirtyAreas = new Set<string>();
  private scheduled = false;
  private unobserve: () => void = () => {};
  private doc!: Y.Doc;

  constructor(doc: Y.Doc) {
    super({ version: 0, notes: new Map(), areas: new Map() });
    this.bind(doc);
  }

  /**
   * Reads another document from now on (the room threw away a board the server refused a
   * change to, and loaded it afresh); subscribers keep this store and see the new board.
   */
  rebind(doc: Y.Doc): void {
    this.unobserve();
    this.dirtyNotes.clear();
    this.dirtyAreas.clear();
    // Everything the old board held is re-read: what the new one lacks is dropped in flush.
    this.notes.forEach((_, id) => this.dirtyNotes.add(id));
    this.areas.forEach((_, id) => this.dirtyAreas.add(id));
    this.bind(doc);
  }

  private bind(doc: Y.Doc): void {
    this.doc = doc;
    const notes = notesMap(doc);
    const areas = areasMap(doc);
    const onNotes = (events: Array<Y.YEvent<any>>) => this.collect(events, notes, this.dirtyNotes);
    const onAreas = (events: Array<Y.YEvent<any>>) => this.collect(events, areas, this.dirtyAreas);
    notes.observeDeep(onNotes);
    areas.observeDeep(onAreas);
    this.unobserve = () => {
      notes.unobserveDeep(onNotes);
      areas.unobserveDeep(onAreas);
    };
    notes.forEach((_, id) => this.dirtyNotes.add(id));
    areas.forEach((_, id) => this.dirtyAreas.add(id));
    this.flush();
  }

  destroy(): void {
    this.unobserve();
  }

  private collect(events: Array<Y.YEvent<any>>, root: Y.Map<Y.Map<unknown>>, dirty: Set<string>): void {
    for (const event of events) {
      if (event.target === root) {
        for (const key of event.changes.keys.keys()) dirty.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === 'string') dirty.add(id);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One snapshot per burst of transactions (a sync can deliver hundreds at once).
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.dirtyNotes.size === 0 && this.dirtyAreas.size === 0 && this.get().version > 0) return;
    const noteMaps = notesMap(this.doc);
    const areaMaps = areasMap(this.doc);
    if (this.dirtyNotes.size > 0) {
      this.notes = new Map(this.notes);
      for (const id of this.dirtyNotes) {
        const map = noteMaps.get(id);
        const note = map instanceof Y.Map ? readNote(id, map) : null;
        if (note) this.notes.set(id, note);
        else this.notes.delete(id);
      }
      this.dirtyNotes.clear();
    }
    if (this.dirtyAreas.size > 0) {
      this.areas = new Map(this.areas);
      for (const id of this.dirtyAreas) {
        const map = areaMaps.get(id);
        const area = map instanceof Y.Map ? readArea(id, map) : null;
        if (area) this.areas.set(id, area);
        else this.areas.delete(id);
      }
      this.dirtyAreas.clear();
    }
    this.set({ version: this.get().version + 1, notes: this.notes, areas: this.areas });
  }
}
