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
  /** How groups are named: "Trio" gives "Trio 1", "Trio 2"… */
  groupLabel?: string;
  /** Create one area on the board per group when groups are formed (Troika). */
  areaPerGroup?: boolean;
  /** `groups-across-areas`: group g sits at `rotationAreaIds[(g + round) mod n]`. */
  rotate?: RotationRule;
  rotationAreaIds?: string[];
  /** `rotate-client`: in round r, member `r mod size` of each group is the client. */
  roles?: RoleRule;
}

/** A voting round whose targets were areas (markers), kept so the export can count each one. */
export interface MarkerRound {
  round: number;
  title: string;
  /**
   * How many markers each area holds (by area id), kept once the facilitator has shown them, so
   * every round can be shown side by side after the next one opens ("where we are" beside
   * "where we should be"). Counts only, never who. Absent until shown.
   */
  totals?: Record<string, number>;
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
  if (size) out.groupSize = size;
  if (count) out.groupCount = count;
  if (min) out.minGroupSize = min;
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
    .map((r) => ({
      round: r.round as number,
      title: str(r.title) ? r.title : `Round ${String(r.round)}`,
      // Only the server writes them: a record of counts by area id, or nothing.
      ...(r.totals && typeof r.totals === 'object' && !Array.isArray(r.totals) ? { totals: r.totals as Record<string, number> } : {}),
    }));
}

/**
 * The marker rounds with `totals` kept for `round`, when it is one of them (voting on notes is
 * not kept here: its totals stay in `voting.totals`). Answers the same array when nothing changes.
 */
export function withMarkerTotals(rounds: readonly MarkerRound[], round: number, totals: Record<string, number> | null): readonly MarkerRound[] {
  if (totals === null || !rounds.some((r) => r.round === round)) return rounds;
  return rounds.map((r) => (r.round === round ? { ...r, totals: { ...totals } } : r));
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

/**
 * Sets what the round decides for each group: with `rotate: 'groups-across-areas'`, group g
 * sits at `rotationAreaIds[(g + round) mod n]` (its notes stay at the table it leaves); with
 * `roles: 'rotate-client'`, member `round mod size` is the client.
 */
export function arrangeGroups(groups: readonly Group[], round: number, method: MethodRules): Group[] {
  const tables = method.rotate === 'groups-across-areas' ? (method.rotationAreaIds ?? []) : [];
  return groups.map((group, g) => ({
    ...group,
    areaId: tables.length > 0 ? tables[(g + round) % tables.length]! : group.areaId,
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
