import { describe, expect, it } from 'vitest';
import type { Area } from '@tributary/shared/board/area';
import type { Note } from '@tributary/shared/board/note';
import type { Step } from '@tributary/shared/control/steps';
import { stepPicks } from '../../client/src/views/participant/stepPicks.ts';
import { voteRows } from '../../client/src/views/participant/votingList.ts';

const area = (id: string, title: string, order: number, role?: Area['role']): Area =>
  ({ id, title, rect: { x: order * 600, y: 0, w: 560, h: 1000 }, color: 'sky', order, ...(role ? { role } : {}) }) as Area;
const note = (id: string, text: string, areaId: string | null, y = 0): Note => ({ id, text, pos: { x: 0, y }, color: 'yellow', areaId, anonymous: true, createdAt: 0 });
const step = (extra: Partial<Step>): Step => ({ id: 's', title: 'S', prompt: 'P', mode: 'open', timerSeconds: null, whoMayPost: 'everyone', ...extra });

describe('what the phone asks with a note', () => {
  const areas = new Map([
    ['s2', area('s2', '2. Upstream', 1, 'stage')],
    ['s1', area('s1', '1. The source', 0, 'stage')],
    ['x', area('x', 'Parking', 2)],
    ['w', area('w', 'Worst ideas', 3, 'worst')],
    ['o', area('o', 'Solutions', 4, 'solution')],
  ]);
  const notes = new Map([
    ['n2', note('n2', 'Never ask anyone', 'w', 300)],
    ['n1', note('n1', 'Use jargon', 'w', 100)],
    ['sol', note('sol', 'Ask early', 'o')],
  ]);

  it('a pick-area step offers the areas of its role, in board order, with a plain question', () => {
    const { area: pick, link } = stepPicks(step({ postTo: 'pick-area', pickRole: 'stage' }), areas, notes);
    expect(pick!.question).toBe('Which stage is this about?');
    expect(pick!.options).toEqual([
      { id: 's1', label: '1. The source' },
      { id: 's2', label: '2. Upstream' },
    ]);
    expect(link).toBeNull();
  });

  it('a flip step offers the worst ideas on the board, and nothing to pick before any are out', () => {
    const { area: pick, link } = stepPicks(step({ areaId: 'o', linkRole: 'worst' }), areas, notes);
    expect(pick).toBeNull();
    expect(link!.question).toBe('Which worst idea does your note turn around?');
    expect(link!.options.map((o) => o.label)).toEqual(['Use jargon', 'Never ask anyone']);
    expect(stepPicks(step({ linkRole: 'worst' }), areas, new Map()).link).toBeNull();
  });

  it('a step without a pick asks nothing', () => {
    expect(stepPicks(step({ areaId: 'o' }), areas, notes)).toEqual({ area: null, link: null });
  });

  it('a vote for one role lists only its notes', () => {
    expect(voteRows(notes.values(), areas, null, 'solution').map((r) => r.note.id)).toEqual(['sol']);
    expect(voteRows(notes.values(), areas, null).map((r) => r.note.id).sort()).toEqual(['n1', 'n2', 'sol']);
  });
});
