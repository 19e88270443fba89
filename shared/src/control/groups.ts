/**
 * Groups, rounds and roles: what small-group methods need (World Cafe tables, Troika trios),
 * built once for every template. The server writes them into the `control` document; phones
 * read them to show "your table" or "you are the client: listen". How groups are formed and
 * where they sit each round is in `../groupPlanning.ts`, which phones never load.
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
  /** `groups-across-areas`: the groups move on one area each round (`tableAt` in groupPlanning.ts). */
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
