import { describe, expect, test } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import { agreedSuggestions } from '@tributary/shared/board/results';
import { CLOSED_VOTING, type ControlState } from '@tributary/shared/control/state';
import { buildPublishedResults } from '@tributary/shared/publishedResults';

function note(id: string, text: string, extra: Partial<Note> & { imageId?: string } = {}): Note {
  return { id, text, pos: { x: 0, y: Number(id.replace(/\D/g, '')) || 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: 1_765_000_000_000, ...extra };
}

function area(id: string, title: string, order: number, extra: Partial<Area> = {}): Area {
  return { id, title, order, rect: { x: 0, y: 0, w: 100, h: 100 }, color: 'sand', ...extra };
}

type PageControl = Pick<ControlState, 'title' | 'steps' | 'voting' | 'markerRounds'>;
const control = (extra: Partial<PageControl> = {}): PageControl => ({ title: 'Tenants panel', steps: [], voting: CLOSED_VOTING, markerRounds: [], ...extra });
const room = { title: 'Room title', createdAt: Date.UTC(2026, 11, 7, 18, 45) };

describe('the published page, shaped from the board', () => {
  test('notes by area in board order, loose notes last; the day only; nothing of who wrote them', () => {
    const areas = [area('a2', 'Second', 2), area('a1', 'First', 1, { description: '  What matters?  ' })];
    const notes = [
      note('n1', 'Signed by Sam', { areaId: 'a1', authorName: 'Sam Oakley', authorId: 'p_sam', color: 'pink' }),
      note('n2', 'Nobody knows who', { areaId: 'a2', anonymous: true }),
      note('n3', 'Outside every area'),
    ];
    const page = buildPublishedResults(control(), { areas, notes }, room, 'What we did next');
    expect(page.title).toBe('Tenants panel');
    expect(page.date).toBe('2026-12-07');
    expect(page.areas.map((a) => [a.title, a.description, a.notes.map((n) => n.text)])).toEqual([
      ['First', 'What matters?', ['Signed by Sam']],
      ['Second', '', ['Nobody knows who']],
      ['', '', ['Outside every area']],
    ]);
    expect(page.next).toBe('What we did next');
    const json = JSON.stringify(page);
    for (const absent of ['Sam Oakley', 'p_sam', 'n1', 'pink', 'anonymous', String(notes[0]!.createdAt)]) expect(json).not.toContain(absent);
    // No totals shown: no votes anywhere.
    expect(page.votes).toBeNull();
    expect(page.areas.every((a) => a.votes === null && a.notes.every((n) => n.votes === null))).toBe(true);
  });

  test('a picture note shows its text alternative, marked as a picture', () => {
    const page = buildPublishedResults(control(), { areas: [], notes: [note('n1', 'A drawing of a house with a door', { imageId: 'img_1' }), note('n2', 'Words')] }, room, '');
    expect(page.areas[0]!.notes.map((n) => [n.text, n.picture])).toEqual([
      ['A drawing of a house with a door', true],
      ['Words', false],
    ]);
  });

  test('votes only once shown; what the group agreed is the suggestions with dots, most first', () => {
    const areas = [area('s', 'Suggestions', 1, { role: 'suggestion' }), area('o', 'Other', 2)];
    const notes = [note('n1', 'Phones on silent', { areaId: 's' }), note('n2', 'One voice at a time', { areaId: 's' }), note('n3', 'Not a suggestion', { areaId: 'o' })];
    const totals = { n1: 1, n2: 3, n3: 5 };
    expect(agreedSuggestions(areas, notes, null)).toEqual([]);
    expect(agreedSuggestions(areas, notes, totals).map((b) => [b.label, b.value])).toEqual([
      ['One voice at a time', 3],
      ['Phones on silent', 1],
    ]);
    const hidden = buildPublishedResults(control({ voting: { ...CLOSED_VOTING, round: 1, totals: null } }), { areas, notes }, room, '');
    expect([hidden.agreed, hidden.bars, hidden.votes]).toEqual([[], [], null]);
    const shown = buildPublishedResults(control({ voting: { ...CLOSED_VOTING, round: 1, totals } }), { areas, notes }, room, '');
    expect(shown.agreed).toEqual([
      { id: '0', label: 'One voice at a time', value: 3 },
      { id: '1', label: 'Phones on silent', value: 1 },
    ]);
    expect(shown.votes).toBe(9);
    expect(shown.bars.map((b) => b.id)).toEqual(['0', '1', '2']);
    // Marker totals are not note votes.
    const markers = buildPublishedResults(control({ voting: { ...CLOSED_VOTING, round: 1, target: 'areas', totals } }), { areas, notes }, room, '');
    expect(markers.votes).toBeNull();
  });
});
