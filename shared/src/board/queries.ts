import type * as Y from 'yjs';
import { readArea, type Area } from './area.ts';
import { rectContainsPoint, type Point } from './geometry.ts';
import { NOTE_HEIGHT, NOTE_WIDTH, readNote, type Note } from './note.ts';
import { areasMap, notesMap } from './schema.ts';

/** Every readable note, oldest first (ties broken by id so every client agrees). */
export function listNotes(doc: Y.Doc): Note[] {
  const out: Note[] = [];
  notesMap(doc).forEach((map, id) => {
    const note = readNote(id, map);
    if (note) out.push(note);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Every readable area, in drawing (and reading) order. */
export function listAreas(doc: Y.Doc): Area[] {
  const out: Area[] = [];
  areasMap(doc).forEach((map, id) => {
    const area = readArea(id, map);
    if (area) out.push(area);
  });
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

export function getNote(doc: Y.Doc, id: string): Note | null {
  const map = notesMap(doc).get(id);
  return map ? readNote(id, map) : null;
}

/**
 * The area a note dropped at `pos` belongs to: the top-most area containing the note's centre.
 * Returns null when the note is outside every area.
 */
export function areaAt(areas: readonly Area[], pos: Point): string | null {
  const centre = { x: pos.x + NOTE_WIDTH / 2, y: pos.y + NOTE_HEIGHT / 2 };
  for (let i = areas.length - 1; i >= 0; i--) {
    const area = areas[i]!;
    if (rectContainsPoint(area.rect, centre)) return area.id;
  }
  return null;
}
