import { BOARD_LIMIT, rectsIntersect, type Point, type Rect } from '@tributary/shared/board/geometry';
import { NOTE_HEIGHT, NOTE_WIDTH, type Note } from '@tributary/shared/board/note';

/**
 * A uniform grid of buckets: each item is listed in every cell its rectangle touches.
 * Notes are all the same small size, so a grid beats a tree here: updates are O(1) and a
 * viewport query touches only the cells on screen. Cell keys are numbers (no string building).
 */
export class SpatialIndex {
  private readonly cells = new Map<number, Set<string>>();
  private readonly rects = new Map<string, Rect>();
  private readonly offset: number;
  private readonly span: number;

  constructor(readonly cellSize = 512) {
    // Coordinates are clamped to ±BOARD_LIMIT; leave a few cells of slack for item sizes.
    this.offset = Math.ceil(BOARD_LIMIT / cellSize) + 4;
    this.span = this.offset * 2 + 1;
  }

  get size(): number {
    return this.rects.size;
  }

  has(id: string): boolean {
    return this.rects.has(id);
  }

  rectOf(id: string): Rect | undefined {
    return this.rects.get(id);
  }

  private cellRange(rect: Rect): [number, number, number, number] {
    const s = this.cellSize;
    const lo = -this.offset;
    const hi = this.offset;
    const clamp = (v: number) => Math.max(lo, Math.min(hi, v));
    return [
      clamp(Math.floor(rect.x / s)),
      clamp(Math.floor(rect.y / s)),
      clamp(Math.floor((rect.x + rect.w) / s)),
      clamp(Math.floor((rect.y + rect.h) / s)),
    ];
  }

  private key(cx: number, cy: number): number {
    return (cx + this.offset) * this.span + (cy + this.offset);
  }

  /** Adds an item or moves it to a new rectangle. */
  set(id: string, rect: Rect): void {
    const old = this.rects.get(id);
    if (old) {
      if (old.x === rect.x && old.y === rect.y && old.w === rect.w && old.h === rect.h) return;
      this.unlink(id, old);
    }
    this.rects.set(id, rect);
    const [x0, y0, x1, y1] = this.cellRange(rect);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const k = this.key(cx, cy);
        let bucket = this.cells.get(k);
        if (!bucket) {
          bucket = new Set();
          this.cells.set(k, bucket);
        }
        bucket.add(id);
      }
    }
  }

  delete(id: string): void {
    const old = this.rects.get(id);
    if (!old) return;
    this.unlink(id, old);
    this.rects.delete(id);
  }

  clear(): void {
    this.cells.clear();
    this.rects.clear();
  }

  private unlink(id: string, rect: Rect): void {
    const [x0, y0, x1, y1] = this.cellRange(rect);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const k = this.key(cx, cy);
        const bucket = this.cells.get(k);
        if (!bucket) continue;
        bucket.delete(id);
        if (bucket.size === 0) this.cells.delete(k);
      }
    }
  }

  /** Ids of the items whose rectangle intersects `rect` (touching edges do not count). */
  query(rect: Rect): Set<string> {
    const out = new Set<string>();
    const [x0, y0, x1, y1] = this.cellRange(rect);
    const cellCount = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (cellCount > this.cells.size) {
      // A huge query (zoomed far out): scanning the occupied cells is cheaper than the range.
      for (const [id, r] of this.rects) if (rectsIntersect(r, rect)) out.add(id);
      return out;
    }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const bucket = this.cells.get(this.key(cx, cy));
        if (!bucket) continue;
        for (const id of bucket) {
          if (out.has(id)) continue;
          if (rectsIntersect(this.rects.get(id)!, rect)) out.add(id);
        }
      }
    }
    return out;
  }

  /** Ids of the items whose rectangle contains `p` (edges included). */
  queryPoint(p: Point): string[] {
    const s = this.cellSize;
    const bucket = this.cells.get(this.key(Math.floor(p.x / s), Math.floor(p.y / s)));
    if (!bucket) return [];
    const out: string[] = [];
    for (const id of bucket) {
      const r = this.rects.get(id)!;
      if (p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h) out.push(id);
    }
    return out;
  }
}

export function noteRect(note: Pick<Note, 'pos'>): Rect {
  return { x: note.pos.x, y: note.pos.y, w: NOTE_WIDTH, h: NOTE_HEIGHT };
}

/** Drawing order of notes: oldest first, ties broken by id, the same on every device. */
export function compareNotes(a: Note, b: Note): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The notes' spatial index, kept in step with BoardStore snapshots. BoardStore keeps the
 * same object for every note that did not change, so one identity check per note finds
 * what moved; only those are re-indexed.
 */
export class NoteIndex {
  readonly grid: SpatialIndex;
  private previous: ReadonlyMap<string, Note> = new Map();

  constructor(cellSize = 512) {
    this.grid = new SpatialIndex(cellSize);
  }

  /** Brings the index up to date; returns how many notes were re-indexed or removed. */
  sync(notes: ReadonlyMap<string, Note>): number {
    if (notes === this.previous) return 0;
    let changed = 0;
    let added = 0;
    const prev = this.previous;
    for (const [id, note] of notes) {
      const before = prev.get(id);
      if (before === note) continue;
      if (!before) added++;
      if (!before || before.pos.x !== note.pos.x || before.pos.y !== note.pos.y) {
        this.grid.set(id, noteRect(note));
        changed++;
      }
    }
    // Without deletions every previous id is still there: skip the second pass.
    if (prev.size + added !== notes.size) {
      for (const id of prev.keys()) {
        if (!notes.has(id)) {
          this.grid.delete(id);
          changed++;
        }
      }
    }
    this.previous = notes;
    return changed;
  }

  query(rect: Rect): Set<string> {
    return this.grid.query(rect);
  }

  /** The top-most note under a board point, or null. */
  hit(p: Point, notes: ReadonlyMap<string, Note>): Note | null {
    let best: Note | null = null;
    for (const id of this.grid.queryPoint(p)) {
      const note = notes.get(id);
      if (note && (!best || compareNotes(note, best) > 0)) best = note;
    }
    return best;
  }
}
