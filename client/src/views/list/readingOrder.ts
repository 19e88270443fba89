import { t } from '../../i18n/i18n.ts';
import type { Area } from '@tributary/shared/board/area';
import type { Point } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import { planMoveToArea } from '@tributary/shared/board/placement';

/** One heading of the list: an area (in the board's order) or the notes outside any area. */
export interface ListGroup {
  /** The area's id, or null for the notes outside any area. */
  areaId: string | null;
  title: string;
  /** The area's description (a table's question, a river stage's words), read under its heading. */
  description?: string;
  notes: Note[];
}

const byPosition = (a: Note, b: Note) => a.pos.y - b.pos.y || a.pos.x - b.pos.x || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

export function sortAreas(areas: Iterable<Area>): Area[] {
  // Areas made together (a template) may share an order: then top to bottom, left to right.
  return [...areas].sort((a, b) => a.order - b.order || a.rect.y - b.rect.y || a.rect.x - b.rect.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The board in reading order: each area in order with its notes (top to bottom, left to right),
 * then the notes outside any area. A note whose area no longer exists counts as outside.
 */
export function readingOrder(notes: Iterable<Note>, areas: ReadonlyMap<string, Area>): ListGroup[] {
  const byArea = new Map<string | null, Note[]>();
  for (const note of notes) {
    const key = note.areaId && areas.has(note.areaId) ? note.areaId : null;
    const list = byArea.get(key);
    if (list) list.push(note);
    else byArea.set(key, [note]);
  }
  const groups: ListGroup[] = sortAreas(areas.values()).map((area) => ({
    areaId: area.id,
    title: area.title || t('room.untitledArea'),
    ...(area.description ? { description: area.description } : {}),
    notes: (byArea.get(area.id) ?? []).sort(byPosition),
  }));
  const loose = (byArea.get(null) ?? []).sort(byPosition);
  if (loose.length > 0 || groups.length === 0) {
    groups.push({ areaId: null, title: groups.length > 0 ? t('room.outsideTheAreas') : t('room.allNotes'), notes: loose });
  }
  return groups;
}

/** A short name for an area in announcements: "Table 2" for "Table 2: What gets in the way…". */
export function shortAreaName(title: string): string {
  const whole = title.trim() || t('room.untitledArea');
  const colon = whole.indexOf(':');
  const short = colon > 0 ? whole.slice(0, colon) : whole;
  return short.length > 40 ? `${short.slice(0, 39)}…` : short;
}

/** Where one note goes when it is moved to an area without dragging (the shared rule). */
export function moveTarget(notes: Iterable<Note>, areas: ReadonlyMap<string, Area>, noteId: string, areaId: string | null): { pos: Point; areaId: string | null } {
  const byId = new Map([...notes].map((n) => [n.id, n]));
  const current = byId.get(noteId);
  // Moving a note to the area it is already in re-places it too (the list offers every area).
  if (current) byId.set(noteId, { ...current, areaId: '' });
  const [move] = planMoveToArea(byId, sortAreas(areas.values()), [noteId], areaId);
  return move ? { pos: move.pos, areaId: move.areaId } : { pos: current?.pos ?? { x: 0, y: 0 }, areaId };
}
