import type { Area } from '@tributary/shared/board/area';
import { rectsIntersect, type Rect } from '@tributary/shared/board/geometry';
import type { Note } from '@tributary/shared/board/note';
import type { NoteIndex } from './spatialIndex.ts';

/** What this person has selected. Session scope: never synced, never shown to others. */
export interface Selection {
  notes: ReadonlySet<string>;
  areas: ReadonlySet<string>;
}

export const EMPTY_SELECTION: Selection = Object.freeze({ notes: new Set<string>(), areas: new Set<string>() });

export function isSelectionEmpty(s: Selection): boolean {
  return s.notes.size === 0 && s.areas.size === 0;
}

export function selectNotes(ids: Iterable<string>): Selection {
  return { notes: new Set(ids), areas: new Set() };
}

export function selectArea(id: string): Selection {
  return { notes: new Set(), areas: new Set([id]) };
}

function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Shift/ctrl-click on a note: adds it, or takes it out if it was in. */
export function toggleNote(s: Selection, id: string): Selection {
  return { notes: toggled(s.notes, id), areas: s.areas };
}

export function toggleArea(s: Selection, id: string): Selection {
  return { notes: s.notes, areas: toggled(s.areas, id) };
}

export function unionSelection(a: Selection, b: Selection): Selection {
  if (isSelectionEmpty(a)) return b;
  if (isSelectionEmpty(b)) return a;
  return { notes: new Set([...a.notes, ...b.notes]), areas: new Set([...a.areas, ...b.areas]) };
}

export function selectionsEqual(a: Selection, b: Selection): boolean {
  if (a === b) return true;
  if (a.notes.size !== b.notes.size || a.areas.size !== b.areas.size) return false;
  for (const id of a.notes) if (!b.notes.has(id)) return false;
  for (const id of a.areas) if (!b.areas.has(id)) return false;
  return true;
}

/** Drops ids that no longer exist (deleted here or by someone else). Same object when nothing went. */
export function pruneSelection(s: Selection, notes: ReadonlyMap<string, Note>, areas: ReadonlyMap<string, Area>): Selection {
  let gone = false;
  for (const id of s.notes) if (!notes.has(id)) gone = true;
  for (const id of s.areas) if (!areas.has(id)) gone = true;
  if (!gone) return s;
  return {
    notes: new Set([...s.notes].filter((id) => notes.has(id))),
    areas: new Set([...s.areas].filter((id) => areas.has(id))),
  };
}

function containsRect(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/**
 * A selection rectangle takes every note it touches, and the areas it holds entirely
 * (an area is large: touching it by accident while selecting notes inside must not select it).
 */
export function selectionInRect(index: NoteIndex, areas: Iterable<Area>, rect: Rect): Selection {
  const notes = rect.w > 0 && rect.h > 0 ? index.query(rect) : new Set<string>();
  const areaIds = new Set<string>();
  for (const area of areas) if (rectsIntersect(area.rect, rect) && containsRect(rect, area.rect)) areaIds.add(area.id);
  return { notes, areas: areaIds };
}
