import { describe, expect, test } from 'vitest';
import type { Group, MethodRules } from '@tributary/shared/control/groups';
import { arrangeGroups, nextRoundStartsOver, planGroups, roundsInTurn, tableAt } from '@tributary/shared/groupPlanning';

// Groups, tables and rounds for World Cafe and Troika (shared/src/groupPlanning.ts): how many
// groups form, which table each group sits at each round, and when a turn is over.

const worldCafe: MethodRules = { groupCount: 4, defaultMinGroupSize: 2, rotate: 'groups-across-areas', rotationAreaIds: ['t1', 't2', 't3', 't4'] };
const troika: MethodRules = { groupSize: 3, minGroupSize: 3, roles: 'rotate-client', areaPerGroup: true };

function groupsOf(sizes: number[]): Group[] {
  let n = 0;
  return sizes.map((size, i) => ({ id: `g${i}`, label: `Group ${i + 1}`, members: Array.from({ length: size }, () => `p${n++}`), areaId: null, client: null }));
}

describe('forming groups: the default and what the facilitator asks for', () => {
  test('World Cafe by default: one group per table when there are two people for each, else fewer, bigger groups', () => {
    const sizes = (people: number) => planGroups(people, worldCafe).sizes;
    expect(sizes(1)).toBeNull();
    expect(sizes(2)).toEqual([2]);
    expect(sizes(3)).toEqual([3]);
    expect(sizes(5)).toEqual([3, 2]);
    expect(sizes(7)).toEqual([3, 2, 2]);
    expect(sizes(8)).toEqual([2, 2, 2, 2]);
    expect(sizes(20)).toEqual([5, 5, 5, 5]);
  });

  test('World Cafe asked on screen: three people can be three groups of one, or one group of three', () => {
    expect(planGroups(3, worldCafe, { count: 3 }).sizes).toEqual([1, 1, 1]);
    expect(planGroups(3, worldCafe, { count: 1 }).sizes).toEqual([3]);
    // More groups than people: as many groups as there are people, never an empty group.
    expect(planGroups(3, worldCafe, { count: 4 }).sizes).toEqual([1, 1, 1]);
    expect(planGroups(7, worldCafe, { size: 2 }).sizes).toEqual([3, 2, 2]);
  });

  test('Troika: never fewer than three, even when asked', () => {
    expect(planGroups(2, troika)).toEqual({ sizes: null, minSize: 3 });
    expect(planGroups(7, troika).sizes).toEqual([4, 3]);
    expect(planGroups(9, troika).sizes).toEqual([3, 3, 3]);
    expect(planGroups(7, troika, { count: 3 }).sizes).toEqual([4, 3]);
    expect(planGroups(4, troika, { size: 2 }).sizes).toEqual([4]);
  });

  test('every plan shares people out evenly and places everyone, for 1 to 40 people', () => {
    for (let people = 1; people <= 40; people++) {
      for (const [method, ask] of [
        [worldCafe, {}],
        [worldCafe, { count: 3 }],
        [worldCafe, { size: 4 }],
        [troika, {}],
        [troika, { count: 2 }],
      ] as const) {
        const { sizes, minSize } = planGroups(people, method, ask);
        if (!sizes) {
          expect(people).toBeLessThan(minSize);
          continue;
        }
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(people);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(minSize);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('tables: groups share the tables out fairly, round by round', () => {
  /** Which groups sit at each table in a round. */
  function seating(groups: number, tables: number, round: number): number[] {
    const at = new Array<number>(tables).fill(0);
    for (let g = 0; g < groups; g++) at[tableAt(g, groups, tables, round)]!++;
    return at;
  }

  test('for every count of groups and tables: never a table empty while another has two groups', () => {
    for (let tables = 1; tables <= 8; tables++) {
      for (let groups = 1; groups <= 12; groups++) {
        for (let round = 0; round < 2 * tables; round++) {
          const at = seating(groups, tables, round);
          expect(Math.max(...at) - Math.min(...at), `${groups} groups, ${tables} tables, round ${round}`).toBeLessThanOrEqual(1);
          if (groups <= tables) expect(Math.max(...at)).toBe(1);
        }
      }
    }
  });

  test('over as many rounds as there are tables, every group visits every table once', () => {
    for (let tables = 1; tables <= 8; tables++) {
      for (let groups = 1; groups <= 12; groups++) {
        for (let g = 0; g < groups; g++) {
          const visited = Array.from({ length: tables }, (_, round) => tableAt(g, groups, tables, round));
          expect(new Set(visited).size, `group ${g} of ${groups} at ${tables} tables`).toBe(tables);
        }
      }
    }
  });

  test('with fewer groups than tables, fresh tables come first and are shared out: then every group builds on notes', () => {
    for (let tables = 2; tables <= 8; tables++) {
      for (let groups = 1; groups < tables; groups++) {
        const written = new Set<number>();
        const fresh = new Array<number>(groups).fill(0);
        let lastFreshRound = 0;
        for (let round = 0; round < tables; round++) {
          const here = Array.from({ length: groups }, (_, g) => tableAt(g, groups, tables, round));
          here.forEach((t, g) => {
            if (round > 0 && !written.has(t)) {
              fresh[g]!++;
              lastFreshRound = round;
            }
          });
          for (const t of here) written.add(t);
        }
        const label = `${groups} groups, ${tables} tables`;
        // No group meets fresh tables round after round while another always finds notes.
        expect(Math.max(...fresh) - Math.min(...fresh), label).toBeLessThanOrEqual(1);
        // Every table has been written at by the round ceil(tables/groups) - 1; after that, notes everywhere.
        expect(lastFreshRound, label).toBeLessThanOrEqual(Math.ceil(tables / groups) - 1);
      }
    }
  });

  test('two groups at four tables: tables 1 and 3, then 2 and 4, then each finds the other group’s notes', () => {
    const rounds = [0, 1, 2, 3].map((round) => arrangeGroups(groupsOf([2, 2]), round, worldCafe).map((g) => g.areaId));
    expect(rounds).toEqual([
      ['t1', 't3'],
      ['t2', 't4'],
      ['t3', 't1'],
      ['t4', 't2'],
    ]);
  });

  test('as many groups as tables: group g at table g, moving on one a round', () => {
    expect(arrangeGroups(groupsOf([2, 2, 2, 2]), 1, worldCafe).map((g) => g.areaId)).toEqual(['t2', 't3', 't4', 't1']);
  });
});

describe('rounds: a turn ends at the last table, or when everyone has been the client', () => {
  test('World Cafe: four tables make a turn of four rounds, whatever the number of groups', () => {
    for (const sizes of [[3], [2, 2], [2, 2, 2, 2], [2, 2, 2, 2, 2]]) {
      const groups = groupsOf(sizes);
      expect(roundsInTurn(groups, worldCafe)).toBe(4);
      expect([0, 1, 2, 3, 4, 5, 6, 7].map((round) => nextRoundStartsOver(groups, worldCafe, round))).toEqual([false, false, false, true, false, false, false, true]);
    }
  });

  test('Troika: a turn is as many rounds as the biggest trio has people', () => {
    const groups = groupsOf([4, 3]);
    expect(roundsInTurn(groups, troika)).toBe(4);
    expect(nextRoundStartsOver(groups, troika, 2)).toBe(false);
    expect(nextRoundStartsOver(groups, troika, 3)).toBe(true);
  });

  test('no groups, or a method without rounds: nothing to warn about', () => {
    expect(nextRoundStartsOver([], worldCafe, 3)).toBe(false);
    expect(roundsInTurn(groupsOf([3]), { groupSize: 3 })).toBeNull();
    expect(nextRoundStartsOver(groupsOf([3]), { groupSize: 3 }, 0)).toBe(false);
  });
});
