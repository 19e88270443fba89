/**
 * Groups, rounds and roles: what small-group methods need (World Cafe tables, Troika trios),
 * built once for every template. The server writes them into the `control` document; phones
 * read them to show "your table" or "you are the client: listen".
 */

/** A group of participants (by their opaque participant ids), in a fixed member order. */
export interface Group {
  id: string;
  label: string;
  /** Participant ids. The order matters: roles go round it (member `round mod size` is the client). */
  members: string[];
  /** The area the group sits at in the current round (rotates in World Cafe), if any. */
  areaId: string | null;
  /** With `roles: 'rotate-client'`: the member who is the client this round. */
  client: string | null;
}

export const ROTATION_RULES = ['groups-across-areas'] as const;
export type RotationRule = (typeof ROTATION_RULES)[number];
export const ROLE_RULES = ['rotate-client'] as const;
export type RoleRule = (typeof ROLE_RULES)[number];

/**
 * Method rules a template sets in `control.method`. Every rule is generic: any template may use it.
 */
export interface MethodRules {
  /** Default size of a group for `groups.form` (Troika: 3). */
  groupSize?: number;
  /** Default number of groups for `groups.form` (World Cafe: one per table). */
  groupCount?: number;
  /** No group is ever formed smaller than this (Troika: 3). Defaults to groupSize, else 1. */
  minGroupSize?: number;
  /**
   * When the facilitator does not say how many groups, groups are kept at least this big (World
   * Cafe: 2, so nobody talks alone at a table). Asked for on screen, groups can be smaller, down to
   * `minGroupSize`: three people can still be three groups of one.
   */
  defaultMinGroupSize?: number;
  /** How groups are named: "Trio" gives "Trio 1", "Trio 2"… */
  groupLabel?: string;
  /** Create one area on the board per group when groups are formed (Troika). */
  areaPerGroup?: boolean;
  /** `groups-across-areas`: the groups move on one area each round (see `tableAt`). */
  rotate?: RotationRule;
  rotationAreaIds?: string[];
  /** `rotate-client`: in round r, member `r mod size` of each group is the client. */
  roles?: RoleRule;
}

/** A voting round whose targets were areas (markers), kept so the export can count each one. */
export interface MarkerRound {
  round: number;
  title: string;
}

export const GROUP_LABEL_MAX = 60;
export const MAX_GROUPS = 50;

function str(v: unknown): v is string {
  return typeof v === 'string';
}

function posInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Reads the groups from the control document, tolerating anything malformed. */
export function readGroups(value: unknown): Group[] {
  if (!Array.isArray(value)) return [];
  const out: Group[] = [];
  for (const [i, raw] of value.entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const g = raw as Record<string, unknown>;
    out.push({
      id: str(g.id) ? g.id : `group-${i + 1}`,
      label: str(g.label) ? g.label.slice(0, GROUP_LABEL_MAX) : `Group ${i + 1}`,
      members: Array.isArray(g.members) ? g.members.filter(str) : [],
      areaId: str(g.areaId) ? g.areaId : null,
      client: str(g.client) ? g.client : null,
    });
  }
  return out;
}

export function readMethod(value: unknown): MethodRules {
  if (!value || typeof value !== 'object') return {};
  const m = value as Record<string, unknown>;
  const out: MethodRules = {};
  const size = posInt(m.groupSize);
  const count = posInt(m.groupCount);
  const min = posInt(m.minGroupSize);
  const defaultMin = posInt(m.defaultMinGroupSize);
  if (size) out.groupSize = size;
  if (count) out.groupCount = count;
  if (min) out.minGroupSize = min;
  if (defaultMin) out.defaultMinGroupSize = defaultMin;
  if (str(m.groupLabel) && m.groupLabel !== '') out.groupLabel = m.groupLabel.slice(0, GROUP_LABEL_MAX);
  if (m.areaPerGroup === true) out.areaPerGroup = true;
  if (m.rotate === 'groups-across-areas') out.rotate = 'groups-across-areas';
  if (Array.isArray(m.rotationAreaIds)) out.rotationAreaIds = m.rotationAreaIds.filter(str);
  if (m.roles === 'rotate-client') out.roles = 'rotate-client';
  return out;
}

export function readMarkerRounds(value: unknown): MarkerRound[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
    .filter((r) => posInt(r.round) !== undefined)
    .map((r) => ({ round: r.round as number, title: str(r.title) ? r.title : `Round ${String(r.round)}` }));
}

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

/** The group a participant is in, if any. */
export function groupOf(groups: readonly Group[], participantId: string | null | undefined): Group | null {
  if (!participantId) return null;
  return groups.find((g) => g.members.includes(participantId)) ?? null;
}

/** A participant's role this round: `client`, `consultant`, or null when the method gives none. */
export function roleOf(groups: readonly Group[], participantId: string | null | undefined): 'client' | 'consultant' | null {
  const group = groupOf(groups, participantId);
  if (!group || group.client === null) return null;
  return group.client === participantId ? 'client' : 'consultant';
}
