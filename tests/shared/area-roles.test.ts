import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SCHEMA_VERSION_KEY, migrateBoard } from '@tributary/shared/board/migrations';
import { createArea } from '@tributary/shared/board/mutations';
import { listAreas } from '@tributary/shared/board/queries';
import { AREA_RECORD, recordProblem } from '@tributary/shared/board/records';
import { areasMap } from '@tributary/shared/board/schema';
import { controlMap } from '@tributary/shared/control/state';
import { TEMPLATES } from '@tributary/shared/templates/index';

describe('area roles', () => {
  it('are part of the area record: a known role is accepted, anything else refused', () => {
    const base = { title: 'Stage', rect: { x: 0, y: 0, w: 500, h: 500 }, color: 'sky', order: 0 };
    expect(recordProblem(AREA_RECORD, new Map(Object.entries({ ...base, role: 'stage' })))).toBeNull();
    expect(recordProblem(AREA_RECORD, new Map(Object.entries({ ...base, role: 'boss' })))).toBe('bad value for "role"');
    expect(recordProblem(AREA_RECORD, new Map(Object.entries({ ...base, role: 3 })))).toBe('bad value for "role"');
  });

  it('every posting step of every template says where its notes go: no template note lands "not in an area"', () => {
    for (const template of TEMPLATES) {
      const roles = new Set(template.areas.map((a) => a.role));
      for (const step of template.steps) {
        const label = `${template.id} ${step.id}`;
        if (step.pickRole) expect(roles, label).toContain(step.pickRole);
        if (step.linkRole) expect(roles, label).toContain(step.linkRole);
        if (step.voteRole) expect(roles, label).toContain(step.voteRole);
        if (step.mode === 'discussion' || step.mode === 'voting') continue;
        expect(Boolean(step.areaKey || step.postTo), label).toBe(true);
      }
    }
  });
});

describe('migration to version 3: older boards get roles where they can be told', () => {
  it('tables from the rotation, group areas, template titles; renamed areas stay without; the river placeholder goes', () => {
    const board = new Y.Doc();
    const control = new Y.Doc();
    const made = (title: string, description?: string) => createArea(board, { title, rect: { x: 0, y: 0, w: 500, h: 500 }, ...(description ? { description } : {}) });
    const words = made('Words');
    const renamed = made('Our own words');
    const table = made('Corner table');
    const trio = made('Trio 1');
    const stage = made('1. The source', 'This stage is for the group to name and describe: how might someone be feeling here, and what is going on for them?');
    const river = made('5. The river', 'I am feeling nervous and excited.');
    controlMap(control).set(BOARD_SCHEMA_VERSION_KEY, 2);
    controlMap(control).set('method', { rotate: 'groups-across-areas', rotationAreaIds: [table] });
    controlMap(control).set('groups', [{ id: 'g1', label: 'Trio 1', members: ['p1', 'p2', 'p3'], areaId: trio }]);
    for (const id of [words, renamed, table, trio, stage, river]) areasMap(board).get(id)!.delete('role');

    expect(migrateBoard(board, control)).toBe(true);
    const byId = new Map(listAreas(board).map((a) => [a.id, a]));
    expect(byId.get(words)!.role).toBe('words');
    expect(byId.get(renamed)!.role).toBeUndefined();
    expect(byId.get(table)!.role).toBe('table');
    expect(byId.get(trio)!.role).toBe('group');
    expect(byId.get(stage)!.role).toBe('stage');
    expect(byId.get(stage)!.description).toBeUndefined();
    expect(byId.get(river)!.description).toBe('I am feeling nervous and excited.');
    expect(migrateBoard(board, control)).toBe(false);
  });
});
