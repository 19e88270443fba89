import type { Group, MethodRules } from './control/groups.ts';

/**
 * Forming groups and moving them round the tables, round by round: the server forms and arranges
 * groups with these, and the facilitator's screen previews with the same rules. Phones only read
 * the result from `control` (control/groups.ts), so none of this is in their download: everything
 * under shared/src/control/ is part of the phone's first load (vite.config.ts, LIVE_ROOM).
 */

/**
 * How many people go in each group, biggest first, or null when there are fewer people than
 * the smallest allowed group.
 *
 * The rule for leftovers: make as many groups as fit at the full size (or as asked for by
 * `count`, but never so many that a group would fall below `minSize`), then share the people
 * out as evenly as possible, so sizes differ by at most one and leftovers join existing
 * groups instead of forming a small one. With groups of three: 7 people are 4+3, 8 are 4+4,
 * 9 are 3+3+3, 10 are 4+3+3, 5 are one group of 5. A group is never smaller than `minSize`
 * (default: `size`, else 1).
 */
export function planGroupSizes(people: number, opts: { size?: number; count?: number; minSize?: number }): number[] | null {
  const minSize = Math.max(1, opts.minSize ?? opts.size ?? 1);
  if (people < minSize || people <= 0) return null;
  const fit = Math.floor(people / minSize);
  let groups: number;
  if (opts.count !== undefined) groups = Math.min(opts.count, fit);
  else if (opts.size !== undefined) groups = Math.min(fit, Math.floor(people / opts.size));
  else groups = 1;
  groups = Math.max(1, groups);
  const base = Math.floor(people / groups);
  const extra = people % groups;
  return Array.from({ length: groups }, (_, i) => base + (i < extra ? 1 : 0));
}

/** How the facilitator asks for groups: how many, or how big. Neither means the method's default. */
export interface GroupAsk {
  count?: number;
  size?: number;
}

/** What forming groups from `people` would make: the sizes (null: too few people) and the floor used. */
export interface GroupPlan {
  sizes: number[] | null;
  minSize: number;
}

/**
 * The one rule for forming groups, used by the server to form them and by the facilitator's
 * screen to preview them ("3 people: 1 group of 3"). Without an ask, the method's defaults hold:
 * its size, else its count (World Cafe: one group per table), else one per rotation area, and
 * groups stay at least `defaultMinGroupSize` big ("as many groups as tables when people allow").
 * Asked for on screen, only the method's hard floor `minGroupSize` holds.
 */
export function planGroups(people: number, method: MethodRules, ask: GroupAsk = {}): GroupPlan {
  const asked = ask.count !== undefined || ask.size !== undefined;
  let { count, size } = ask;
  if (!asked) {
    size = method.groupSize;
    count = method.groupCount ?? (size === undefined && method.rotationAreaIds?.length ? method.rotationAreaIds.length : undefined);
  }
  if (size === undefined && count === undefined) count = 1;
  // A size asked for is also the floor (leftovers join groups rather than make a small one).
  const floor = method.minGroupSize ?? size ?? 1;
  const minSize = asked ? floor : Math.max(floor, method.defaultMinGroupSize ?? 1);
  const sizes = planGroupSizes(people, { ...(size !== undefined ? { size } : {}), ...(count !== undefined ? { count } : {}), minSize });
  return { sizes, minSize };
}

/**
 * Where group g of `groups` starts among `tables` areas: spread evenly round the tables. With
 * fewer groups than tables, the tables nobody has written at yet are shared out: each group
 * meets a fresh table in the first rounds only, and after that always finds what the group ahead
 * of it left. (Starting side by side, 2 groups at 4 tables, one group would walk in the other's
 * footsteps every round and the other would find a fresh table round after round.) With more
 * groups than tables, groups share tables as evenly as they can (never one table empty while
 * another has two groups).
 */
export function rotationStart(group: number, groups: number, tables: number): number {
  if (tables <= 0 || groups <= 0) return 0;
  return Math.floor((group * tables) / groups) % tables;
}

/**
 * The table (index into the rotation areas) group g sits at in a round: its start, moved on one
 * table a round. Groups never meet at a table they could each have alone, and over as many
 * rounds as there are tables every group visits every table once.
 */
export function tableAt(group: number, groups: number, tables: number, round: number): number {
  if (tables <= 0) return 0;
  return (rotationStart(group, groups, tables) + round) % tables;
}

/**
 * How many rounds make one full turn: every group has visited every table (rotation) and
 * everyone in the biggest group has been the client (roles). Null when rounds move nothing.
 */
export function roundsInTurn(groups: readonly Pick<Group, 'members'>[], method: MethodRules): number | null {
  let rounds = 0;
  if (method.rotate === 'groups-across-areas') rounds = Math.max(rounds, method.rotationAreaIds?.length ?? 0);
  if (method.roles === 'rotate-client') rounds = Math.max(rounds, ...groups.map((g) => g.members.length));
  return rounds > 0 ? rounds : null;
}

/**
 * "Round 2 of 4"; past a full turn, "Round 5 (started again)"; "Round 3" when rounds have no end
 * (`turn` from roundsInTurn). The facilitator's panel and the projector say the same.
 */
export function roundText(round: number, turn: number | null): string {
  if (turn === null) return `Round ${round + 1}`;
  return round < turn ? `Round ${round + 1} of ${turn}` : `Round ${round + 1} (started again)`;
}

/**
 * Whether the next round would start the turn again (every group has visited every table, or
 * everyone has been the client): the facilitator is asked first, never taken round silently.
 */
export function nextRoundStartsOver(groups: readonly Pick<Group, 'members'>[], method: MethodRules, round: number): boolean {
  const turn = roundsInTurn(groups, method);
  return turn !== null && groups.length > 0 && (round + 1) % turn === 0;
}

/**
 * Sets what the round decides for each group: with `rotate: 'groups-across-areas'`, where each
 * group sits (`tableAt`; its notes stay at the table it leaves); with `roles: 'rotate-client'`,
 * member `round mod size` is the client.
 */
export function arrangeGroups(groups: readonly Group[], round: number, method: MethodRules): Group[] {
  const tables = method.rotate === 'groups-across-areas' ? (method.rotationAreaIds ?? []) : [];
  return groups.map((group, g) => ({
    ...group,
    areaId: tables.length > 0 ? tables[tableAt(g, groups.length, tables.length, round)]! : group.areaId,
    client: method.roles === 'rotate-client' && group.members.length > 0 ? group.members[round % group.members.length]! : null,
  }));
}

