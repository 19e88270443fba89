import { describe, expect, it } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { NewNoteBatcher, describeNewNotes } from '../../client/src/views/list/announce.ts';
import { moveTarget, readingOrder, shortAreaName } from '../../client/src/views/list/readingOrder.ts';
import { parseDisplaySettings, applyDisplaySettings, HIGH_CONTRAST_CLASS, LARGER_TEXT_CLASS } from '../../client/src/ui/displaySettings.ts';

let n = 0;
function note(partial: Partial<Note> = {}): Note {
  n++;
  return { id: `n${n}`, text: `note ${n}`, pos: { x: 0, y: 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: n, ...partial };
}
function area(id: string, title: string, order: number, rect = { x: 0, y: 0, w: 1000, h: 700 }): Area {
  return { id, title, rect, color: 'sky', order };
}
const areas = new Map<string, Area>([
  ['a2', area('a2', 'Table 2: What gets in the way?', 2, { x: 1040, y: 0, w: 1000, h: 700 })],
  ['a1', area('a1', 'Table 1: What helps?', 1)],
]);

describe('the accessible list', () => {
  it('reads areas in order, their notes top to bottom, then the notes outside', () => {
    const low = note({ areaId: 'a1', pos: { x: 20, y: 300 } });
    const high = note({ areaId: 'a1', pos: { x: 500, y: 80 } });
    const other = note({ areaId: 'a2', pos: { x: 1100, y: 80 } });
    const loose = note({ pos: { x: 3000, y: 0 } });
    const orphan = note({ areaId: 'gone', pos: { x: 3000, y: 500 } });
    const groups = readingOrder([loose, low, other, orphan, high], areas);
    expect(groups.map((g) => g.areaId)).toEqual(['a1', 'a2', null]);
    expect(groups[0]!.notes.map((x) => x.id)).toEqual([high.id, low.id]);
    expect(groups[2]!.notes.map((x) => x.id)).toEqual([loose.id, orphan.id]);
    expect(groups[2]!.title).toBe('Outside the areas');
    expect(readingOrder([], new Map()).map((g) => g.title)).toEqual(['All notes']);
  });

  it("reads an area's description (a table's question) under its heading", () => {
    const withQuestion = new Map<string, Area>([['q', { ...area('q', 'Table 1', 1), description: 'What helps people stay involved?' }]]);
    const [group] = readingOrder([note({ areaId: 'q' })], withQuestion);
    expect(group!.description).toBe('What helps people stay involved?');
    expect(readingOrder([], areas)[0]!.description).toBeUndefined();
  });

  it('shortens area titles for announcements', () => {
    expect(shortAreaName('Table 2: What gets in the way?')).toBe('Table 2');
    expect(shortAreaName('')).toBe('Untitled area');
  });

  it('moves a note to a free spot inside the chosen area, or beside everything', () => {
    const there = note({ areaId: 'a2', pos: { x: 1056, y: 64 } });
    const moving = note({ areaId: 'a1', pos: { x: 16, y: 64 } });
    const target = moveTarget([there, moving], areas, moving.id, 'a2');
    expect(target.areaId).toBe('a2');
    expect(target.pos).not.toEqual(there.pos);
    expect(target.pos.x).toBeGreaterThanOrEqual(1040);
    const outside = moveTarget([there, moving], areas, moving.id, null);
    expect(outside.areaId).toBeNull();
    expect(outside.pos.x).toBeGreaterThan(2040);
  });

  it('announces new notes in batches, by area', () => {
    const before = note({ areaId: 'a1' });
    const batcher = new NewNoteBatcher([before]);
    const a = note({ areaId: 'a2' });
    const b = note({ areaId: 'a2' });
    const c = note({ areaId: 'a1' });
    batcher.update([before, a]);
    batcher.update([before, a, b, c]);
    expect(batcher.hasPending).toBe(true);
    const current = new Map([a, b, c].map((x) => [x.id, x]));
    const batch = batcher.take(current);
    expect(batch).toHaveLength(3);
    expect(batcher.hasPending).toBe(false);
    expect(describeNewNotes(batch, areas)).toBe('1 new note in Table 1 and 2 in Table 2');
    expect(describeNewNotes([a, b, note()], areas)).toBe('2 new notes in Table 2 and 1 outside the areas');
    expect(describeNewNotes([a, c, note()], areas)).toBe('1 new note in Table 1, 1 in Table 2, and 1 outside the areas');
    expect(describeNewNotes([note(), note()], new Map())).toBe('2 new notes');
    expect(describeNewNotes([], areas)).toBe('');
  });

  it('keeps display settings on the device, as classes on <html>', () => {
    expect(parseDisplaySettings(null)).toEqual({ largerText: false, highContrast: false });
    expect(parseDisplaySettings('{bad')).toEqual({ largerText: false, highContrast: false });
    expect(parseDisplaySettings('{"largerText":true}')).toEqual({ largerText: true, highContrast: false });
    const classes = new Set<string>();
    const classList = { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) } as unknown as DOMTokenList;
    applyDisplaySettings({ largerText: true, highContrast: true }, { classList });
    expect([...classes].sort()).toEqual([HIGH_CONTRAST_CLASS, LARGER_TEXT_CLASS].sort());
    applyDisplaySettings({ largerText: false, highContrast: true }, { classList });
    expect([...classes]).toEqual([HIGH_CONTRAST_CLASS]);
  });
});
