import type { Group } from '@tributary/shared/control/groups';
import { ANONYMOUS_BATCH_SIZE, type ControlState } from '@tributary/shared/control/state';

/**
 * Where an anonymous note may land (DESIGN.md section 3, "Place"). The place of a note says who
 * could have written it: a note in a group's area was written by someone in that group. So an
 * anonymous note never lands in an area that fewer than three people post to, or the facilitator
 * could name its writer by making groups of one, each with its own area.
 */

/** The fewest people a place may point at (the same three as a release batch). */
export const FEWEST_WRITERS = ANONYMOUS_BATCH_SIZE;

/** What the placement depends on: the groups, the step, and who is taking part right now. */
export interface PlaceView {
  groups: readonly Group[];
  /** The area the step's notes go to when they do not go to a group's area. */
  sharedAreaId: string | null;
  /** The step sends each person's notes to their group's area. */
  postsToGroupAreas: boolean;
  /** Participants connected now (and the writer), by participant id. */
  present: readonly string[];
}

/** How many people post to each group area (groups that share an area count together). */
function peopleAtGroupAreas(groups: readonly Group[]): Map<string, number> {
  const members = new Map<string, Set<string>>();
  for (const group of groups) {
    if (!group.areaId) continue;
    const set = members.get(group.areaId) ?? new Set<string>();
    for (const member of group.members) set.add(member);
    members.set(group.areaId, set);
  }
  return new Map([...members].map(([areaId, set]) => [areaId, set.size]));
}

/** Group areas that fewer than three people post to. */
function smallGroupAreas(groups: readonly Group[]): Set<string> {
  return new Set([...peopleAtGroupAreas(groups)].filter(([, people]) => people < FEWEST_WRITERS).map(([areaId]) => areaId));
}

/** Why group areas would point at writers: some groups are too small, or too few people are in none. */
export interface GroupAreasUnsafe {
  reason: 'smallGroups' | 'alone';
  count: number;
}

/**
 * Why notes cannot go to group areas without pointing at their writers, or null when they can:
 * every group area holds at least three people, and the people in no group (whose notes go to
 * the shared area on their own) are none or at least three. Worded for people by the service.
 */
export function groupAreasUnsafeReason(view: Pick<PlaceView, 'groups' | 'present'>): GroupAreasUnsafe | null {
  const small = smallGroupAreas(view.groups);
  if (small.size > 0) return { reason: 'smallGroups', count: small.size };
  const grouped = new Set(view.groups.filter((g) => g.areaId).flatMap((g) => g.members));
  const alone = new Set(view.present.filter((p) => !grouped.has(p))).size;
  if (alone > 0 && alone < FEWEST_WRITERS) return { reason: 'alone', count: alone };
  return null;
}

/**
 * The area an anonymous note goes to instead of `wanted`, when `wanted` would point at fewer
 * than three people: the step's shared area (or no area, if that too is a small group's).
 * In a step that posts to group areas, every note goes to the shared area as soon as any group
 * is too small: pooling only the small groups' notes would point at them just the same.
 */
export function anonymousArea(wanted: string | null, view: PlaceView): string | null {
  const small = smallGroupAreas(view.groups);
  const shared = view.sharedAreaId && !small.has(view.sharedAreaId) ? view.sharedAreaId : null;
  if (view.postsToGroupAreas && groupAreasUnsafeReason(view)) return shared;
  if (wanted && small.has(wanted)) return shared;
  return wanted;
}

/** The placement view of a room's control state and the people connected to it. */
export function placeView(control: ControlState, present: readonly string[], postsToGroupAreas: boolean): PlaceView {
  return { groups: control.groups, sharedAreaId: control.areaId, postsToGroupAreas, present };
}
