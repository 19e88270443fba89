import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readArea, type Area } from '@tributary/shared/board/area';
import { createArea, createNote, setAreaDescription } from '@tributary/shared/board/mutations';
import type { Note } from '@tributary/shared/board/note';
import { AREA_DESCRIPTION_MAX } from '@tributary/shared/board/records';
import { areasMap, notesMap } from '@tributary/shared/board/schema';
import { EditorController } from '../../client/src/editor/EditorController.ts';
import { fakeEditorClient, tick } from '../helpers/editorClient.ts';
import { nextNoteId, notesInReadingOrder, planMoveToArea, selectionAnnouncement } from '../../client/src/editor/keyboardBoard.ts';
import { cleanPrompts, handGroupRows, handGroupsCommand, handGroupsDraft, personName } from '../../client/src/views/facilitator/methodLogic.ts';
import { withMessages } from '../../client/src/i18n/i18n.ts';

// The editor's words come from the English catalog, loaded as the views load it.
beforeAll(() => withMessages(Promise.resolve(), 'board'));

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function note(id: string, x: number, y: number, areaId: string | null = null, text = id): Note {
  return { id, text, pos: { x, y }, color: 'yellow', areaId, anonymous: false, createdAt: 0 } as Note;
}
function area(id: string, x: number, y: number, w = 600, h = 400, title = id): Area {
  return { id, title, rect: { x, y, w, h }, color: 'sand', order: 0 };
}

describe('reading order and Tab', () => {
  it('reads rows top to bottom, left to right, with a little slack for uneven rows', () => {
    const order = notesInReadingOrder([note('c', 0, 300), note('b', 400, 10), note('a', 0, 40), note('d', 200, 0)]).map((n) => n.id);
    expect(order).toEqual(['a', 'd', 'b', 'c']);
  });

  it('steps forward and back, and lets focus leave past either end', () => {
    const order = ['a', 'b', 'c'];
    expect(nextNoteId(order, new Set(), false)).toBe('a');
    expect(nextNoteId(order, new Set(), true)).toBe('c');
    expect(nextNoteId(order, new Set(['a']), false)).toBe('b');
    expect(nextNoteId(order, new Set(['b']), true)).toBe('a');
    expect(nextNoteId(order, new Set(['c']), false)).toBeNull();
    expect(nextNoteId(order, new Set(['a']), true)).toBeNull();
    expect(nextNoteId(order, new Set(['a', 'b']), false)).toBe('c');
    expect(nextNoteId([], new Set(), false)).toBeNull();
  });

  it('announces the note and where it is', () => {
    const areas = new Map([['t1', { title: 'Theme 1' }]]);
    expect(selectionAnnouncement(note('n', 0, 0, 't1', ' hope '), areas)).toBe('Selected note: hope, in Theme 1');
    expect(selectionAnnouncement(note('n', 0, 0, null, ''), areas)).toBe('Selected note: an empty note, not in an area');
    expect(selectionAnnouncement(undefined, areas)).toBe('');
  });
});

describe('Move to area', () => {
  it('puts notes in free spots inside the area, leaving notes already there alone', () => {
    const t = area('t', 1000, 0);
    const notes = new Map([note('a', 10, 10), note('b', 300, 10), note('c', 1016, 64, 't')].map((n) => [n.id, n]));
    const moves = planMoveToArea(notes, [t], ['a', 'b', 'c'], 't');
    expect(moves.map((m) => m.id)).toEqual(['a', 'b']);
    for (const m of moves) {
      expect(m.areaId).toBe('t');
      expect(m.pos.x).toBeGreaterThanOrEqual(1000);
      expect(m.pos.x).toBeLessThan(1600);
      expect(m.pos).not.toEqual({ x: 1016, y: 64 });
    }
    expect(moves[0]!.pos).not.toEqual(moves[1]!.pos);
  });

  it('takes notes out of areas to spots outside every area', () => {
    const t = area('t', 0, 0);
    const notes = new Map([note('a', 16, 64, 't')].map((n) => [n.id, n]));
    const [move] = planMoveToArea(notes, [t], ['a'], null);
    expect(move!.areaId).toBeNull();
    const inside = move!.pos.x + 60 < 600 && move!.pos.y + 60 < 400;
    expect(inside).toBe(false);
  });

  it('does nothing for an area that is gone', () => {
    const notes = new Map([note('a', 0, 0)].map((n) => [n.id, n]));
    expect(planMoveToArea(notes, [], ['a'], 'missing')).toEqual([]);
  });

  it('moves through the editor as one undo step, and Tab selects notes', async () => {
    const client = fakeEditorClient();
    const doc = client.doc;
    const editor = new EditorController(client, { animate: false });
    cleanups.push(editor.mount());
    const theme = createArea(doc, { title: 'Theme 1', rect: { x: 2000, y: 0, w: 600, h: 400 } });
    const a = createNote(doc, { text: 'hope', pos: { x: 0, y: 0 } });
    const b = createNote(doc, { text: 'fear', pos: { x: 300, y: 0 } });
    await tick();
    expect(editor.selectNextNote(false)).toBe(a);
    expect(editor.selectNextNote(false)).toBe(b);
    expect(editor.selectNextNote(false)).toBeNull();
    expect(editor.moveNotesToArea([a, b], theme)).toBe(2);
    expect(notesMap(doc).get(a)!.get('areaId')).toBe(theme);
    expect(notesMap(doc).get(b)!.get('areaId')).toBe(theme);
    editor.undo();
    expect(notesMap(doc).get(a)!.get('areaId')).toBeNull();
    expect(notesMap(doc).get(b)!.get('areaId')).toBeNull();
  });
});

describe('setAreaDescription', () => {
  it('sets, trims to the limit, and removes with empty text', () => {
    const doc = new Y.Doc();
    const id = createArea(doc, { title: 'Table 1', rect: { x: 0, y: 0, w: 400, h: 300 } });
    setAreaDescription(doc, id, 'What matters most?');
    expect(readArea(id, areasMap(doc).get(id)!)!.description).toBe('What matters most?');
    setAreaDescription(doc, id, 'x'.repeat(AREA_DESCRIPTION_MAX + 50));
    expect((areasMap(doc).get(id)!.get('description') as string).length).toBe(AREA_DESCRIPTION_MAX);
    setAreaDescription(doc, id, '');
    expect(areasMap(doc).get(id)!.has('description')).toBe(false);
    setAreaDescription(doc, 'missing', 'nothing happens');
  });
});

describe('groups by hand', () => {
  const groups = [
    { id: 'g1', label: 'Trio 1', members: ['p1', 'p2'], areaId: 'area_1', client: null },
    { id: 'g2', label: 'Trio 2', members: ['p3'], areaId: null, client: null },
  ];
  const participants = [
    { participantId: 'p1', name: 'Ada', connected: true },
    { participantId: 'p2', name: null, connected: true },
    { participantId: 'p3', name: 'Cy', connected: false },
    { participantId: 'p4', name: '  ', connected: true },
  ];

  it('lists each group by name, with newcomers under "Not in a group"', () => {
    const rows = handGroupRows(groups, participants, handGroupsDraft(groups));
    expect(rows.map((r) => [r.label, r.people.map((p) => p.name)])).toEqual([
      ['Trio 1', ['Ada', 'Someone without a name']],
      ['Trio 2', ['Cy']],
      ['Not in a group', ['Someone without a name']],
    ]);
    expect(personName(undefined)).toBe('Someone without a name');
  });

  it('keeps ids, labels and areas, and member order, when someone moves', () => {
    const draft = { ...handGroupsDraft(groups), p2: 'g2', p4: 'g1' };
    expect(handGroupsCommand(groups, participants, draft)).toEqual([
      { id: 'g1', label: 'Trio 1', members: ['p1', 'p4'], areaId: 'area_1' },
      { id: 'g2', label: 'Trio 2', members: ['p3', 'p2'] },
    ]);
    const out = handGroupsCommand(groups, participants, { ...handGroupsDraft(groups), p1: '' });
    expect(out[0]!.members).toEqual(['p2']);
  });
});

describe('card prompts', () => {
  it('trims, drops blanks and keeps the limits', () => {
    expect(cleanPrompts([' I work best when… ', '', '   ', 'Ask me about'])).toEqual(['I work best when…', 'Ask me about']);
    expect(cleanPrompts(Array.from({ length: 20 }, (_, i) => `p${i}`))).toHaveLength(12);
    expect(cleanPrompts(['y'.repeat(500)])[0]).toHaveLength(200);
  });
});
