import * as Y from 'yjs';
import { createId } from '../ids.ts';
import { LOCAL_ORIGIN } from '../origins.ts';
import { AREA_DESCRIPTION_MAX, AREA_ID_PREFIX, sanitizeAreaTitle, sanitizeRect, type AreaInput } from './area.ts';
import { DEFAULT_AREA_COLOR, DEFAULT_NOTE_COLOR, type AreaColor, type NoteColor } from './colors.ts';
import { clampCoordinate, type Point, type Rect } from './geometry.ts';
import { NOTE_ID_PREFIX, sanitizeAuthorName, sanitizeNoteText, type NoteInput } from './note.ts';
import { areasMap, notesMap } from './schema.ts';

/**
 * Named mutations of the board document. Every write to the board goes through one of these,
 * in a single transaction with an origin (excalidraw's mutateElement, hocuspocus' origins),
 * so undo, observers and the server can tell what happened and who (which device) did it.
 */

function clampPoint(p: Point): Point {
  return { x: clampCoordinate(p.x), y: clampCoordinate(p.y) };
}

export function createNote(doc: Y.Doc, input: NoteInput, origin: unknown = LOCAL_ORIGIN, id = createId(NOTE_ID_PREFIX)): string {
  doc.transact(() => {
    const note = new Y.Map<unknown>();
    note.set('text', sanitizeNoteText(input.text));
    note.set('pos', clampPoint(input.pos));
    note.set('color', input.color ?? DEFAULT_NOTE_COLOR);
    note.set('areaId', input.areaId ?? null);
    note.set('anonymous', input.anonymous === true);
    note.set('createdAt', Date.now());
    const name = input.anonymous ? undefined : sanitizeAuthorName(input.authorName);
    if (name) note.set('authorName', name);
    if (!input.anonymous && input.authorId) note.set('authorId', input.authorId);
    if (input.replyTo) note.set('replyTo', input.replyTo);
    if (typeof input.round === 'number') note.set('round', input.round);
    if (input.imageId) note.set('imageId', input.imageId);
    if (input.imageId && input.imageKind) note.set('imageKind', input.imageKind);
    notesMap(doc).set(id, note);
  }, origin);
  return id;
}

export function setNoteText(doc: Y.Doc, id: string, text: string, origin: unknown = LOCAL_ORIGIN): void {
  const note = notesMap(doc).get(id);
  if (!note) return;
  const clean = sanitizeNoteText(text);
  if (note.get('text') === clean) return;
  doc.transact(() => note.set('text', clean), origin);
}

export function setNoteColor(doc: Y.Doc, ids: readonly string[], color: NoteColor, origin: unknown = LOCAL_ORIGIN): void {
  const notes = notesMap(doc);
  doc.transact(() => {
    for (const id of ids) notes.get(id)?.set('color', color);
  }, origin);
}

/** One write per note: the final position after a drag (live positions go through awareness). */
export function moveNotes(
  doc: Y.Doc,
  moves: ReadonlyArray<{ id: string; pos: Point; areaId: string | null }>,
  origin: unknown = LOCAL_ORIGIN,
): void {
  const notes = notesMap(doc);
  doc.transact(() => {
    for (const move of moves) {
      const note = notes.get(move.id);
      if (!note) continue;
      note.set('pos', clampPoint(move.pos));
      if (note.get('areaId') !== move.areaId) note.set('areaId', move.areaId);
    }
  }, origin);
}

export function deleteNotes(doc: Y.Doc, ids: readonly string[], origin: unknown = LOCAL_ORIGIN): void {
  const notes = notesMap(doc);
  doc.transact(() => {
    for (const id of ids) notes.delete(id);
  }, origin);
}

export function createArea(doc: Y.Doc, input: AreaInput, origin: unknown = LOCAL_ORIGIN, id = createId(AREA_ID_PREFIX)): string {
  const areas = areasMap(doc);
  doc.transact(() => {
    const area = new Y.Map<unknown>();
    area.set('title', sanitizeAreaTitle(input.title));
    area.set('rect', sanitizeRect(input.rect));
    area.set('color', input.color ?? DEFAULT_AREA_COLOR);
    area.set('order', input.order ?? areas.size);
    if (input.description) area.set('description', input.description.slice(0, AREA_DESCRIPTION_MAX));
    if (input.role) area.set('role', input.role);
    areas.set(id, area);
  }, origin);
  return id;
}

export function setAreaTitle(doc: Y.Doc, id: string, title: string, origin: unknown = LOCAL_ORIGIN): void {
  const area = areasMap(doc).get(id);
  if (!area) return;
  doc.transact(() => area.set('title', sanitizeAreaTitle(title)), origin);
}

/** Sets an area's longer text (a table's question, a river stage's words); empty removes it. */
export function setAreaDescription(doc: Y.Doc, id: string, text: string, origin: unknown = LOCAL_ORIGIN): void {
  const area = areasMap(doc).get(id);
  if (!area) return;
  const clean = text.slice(0, AREA_DESCRIPTION_MAX);
  if ((area.get('description') ?? '') === clean) return;
  doc.transact(() => {
    if (clean === '') area.delete('description');
    else area.set('description', clean);
  }, origin);
}

export function setAreaColor(doc: Y.Doc, id: string, color: AreaColor, origin: unknown = LOCAL_ORIGIN): void {
  const area = areasMap(doc).get(id);
  if (!area) return;
  doc.transact(() => area.set('color', color), origin);
}

/**
 * Moves or resizes an area. Notes inside travel with it (when the area moves), so a table
 * keeps its notes: their positions shift by the same offset in the same transaction.
 */
export function setAreaRect(doc: Y.Doc, id: string, rect: Rect, origin: unknown = LOCAL_ORIGIN): void {
  const area = areasMap(doc).get(id);
  if (!area) return;
  const before = area.get('rect') as Rect | undefined;
  const next = sanitizeRect(rect);
  doc.transact(() => {
    area.set('rect', next);
    if (!before) return;
    const dx = next.x - before.x;
    const dy = next.y - before.y;
    if (dx === 0 && dy === 0) return;
    notesMap(doc).forEach((note) => {
      if (note.get('areaId') !== id) return;
      const pos = note.get('pos') as Point | undefined;
      if (pos) note.set('pos', clampPoint({ x: pos.x + dx, y: pos.y + dy }));
    });
  }, origin);
}

/** Deletes areas; their notes stay on the board, no longer in any area. */
export function deleteAreas(doc: Y.Doc, ids: readonly string[], origin: unknown = LOCAL_ORIGIN): void {
  const areas = areasMap(doc);
  const gone = new Set(ids);
  doc.transact(() => {
    for (const id of ids) areas.delete(id);
    notesMap(doc).forEach((note) => {
      const areaId = note.get('areaId');
      if (typeof areaId === 'string' && gone.has(areaId)) note.set('areaId', null);
    });
  }, origin);
}
