import { describe, expect, test } from 'vitest';
import { runOrder } from '../../bench/server/runOrder.ts';

// Issue 15 compares Tributary's p99 with the same build unchecked and with the storing peers, all
// run one after another on one machine. A server that always runs right after the same neighbour
// inherits that neighbour's leftovers (its disk writeback), so the order must change neighbours.
describe('bench server order', () => {
  const servers = ['tributary', 'y-websocket', 'y-websocket-leveldb', 'hocuspocus', 'hocuspocus-sqlite', 'tributary-unvalidated'];
  // The server that ran just before, counting round the end: the first follows the last of the round before.
  const before = (order: string[], kind: string) => order[(order.indexOf(kind) + order.length - 1) % order.length];

  test('every round runs every server once', () => {
    for (let round = 0; round < 4; round++) expect([...runOrder(servers, 2, round)].sort()).toEqual([...servers].sort());
  });

  test('in three rounds, tributary does not always run right after the same server', () => {
    for (let scenario = 0; scenario < 4; scenario++) {
      const neighbours = new Set([0, 1, 2].map((round) => before(runOrder(servers, scenario, round), 'tributary')));
      expect(neighbours.size).toBeGreaterThan(1);
    }
  });

  test('the first place rotates from scenario to scenario', () => {
    expect(new Set([0, 1, 2, 3].map((scenario) => runOrder(servers, scenario, 0)[0])).size).toBe(4);
  });
});
