import type { GroupInput } from '@tributary/shared/api';
import { createArea } from '@tributary/shared/board/mutations';
import { listAreas } from '@tributary/shared/board/queries';
import type { Group } from '@tributary/shared/control/groups';
import { setGroups as setControlGroups } from '@tributary/shared/control/mutations';
import { readControl, type ControlState } from '@tributary/shared/control/state';
import { arrangeGroups, nextRoundStartsOver, planGroups } from '@tributary/shared/groupPlanning';
import { SERVER_ORIGIN } from '@tributary/shared/origins';
import { boardContentRight } from '@tributary/shared/templates/apply';
import { Errors } from '../errors.ts';
import type { Room } from '../sync/room.ts';
import { shuffle } from './shuffle.ts';

/**
 * Groups, rounds and roles for every method that needs them (World Cafe, Troika, and any
 * template that sets the same rules). Only the server writes them, into `control`.
 */

/** Size of the area made for each group when the method asks for one (Troika's trio areas). */
const GROUP_AREA = { w: 800, h: 640, gap: 40 };

type Draft = Omit<Group, 'client'>;

function labelFor(state: ControlState, index: number): string {
  return `${state.method.groupLabel ?? 'Group'} ${index + 1}`;
}

/**
 * Writes groups into control: with `areaPerGroup`, each group keeps the area it had (same
 * position in the list) or gets a new one to the right of the board's content; then the round
 * decides where each group sits and who is the client.
 */
function writeGroups(room: Room, state: ControlState, drafts: Draft[], round = state.round): Group[] {
  if (state.method.areaPerGroup) {
    room.transactServer('board', (doc) => {
      const onBoard = new Set(listAreas(doc).map((a) => a.id));
      let x = boardContentRight(doc);
      drafts.forEach((draft, i) => {
        if (draft.areaId && onBoard.has(draft.areaId)) return;
        const previous = state.groups[i]?.areaId;
        if (previous && onBoard.has(previous)) {
          draft.areaId = previous;
          return;
        }
        draft.areaId = createArea(doc, { title: draft.label, rect: { x, y: 0, w: GROUP_AREA.w, h: GROUP_AREA.h }, color: 'mint', role: 'group' }, SERVER_ORIGIN);
        x += GROUP_AREA.w + GROUP_AREA.gap;
      });
    });
  }
  const groups = arrangeGroups(
    drafts.map((d) => ({ ...d, client: null })),
    round,
    state.method,
  );
  room.transactServer('control', (doc) => setControlGroups(doc, groups, round));
  return groups;
}

function notEnough(minSize: number, present: number): InstanceType<typeof Errors.NotEnoughPeople> {
  return new Errors.NotEnoughPeople({ minSize, present });
}

/**
 * `groups.form`: groups from the participants connected now. `shuffle` deals everyone into new
 * groups at random (sizes from planGroupSizes: as even as possible, never below the minimum)
 * and starts again at round 0; `keep` keeps the groups as they are (members who stepped out
 * included) and adds newcomers one by one to the smallest group.
 */
export function formGroups(room: Room, state: ControlState, command: { size?: number; count?: number; strategy?: 'shuffle' | 'keep' }): Group[] {
  const present = room.connectedParticipants();
  const method = state.method;
  const ask = { ...(command.size !== undefined ? { size: command.size } : {}), ...(command.count !== undefined ? { count: command.count } : {}) };
  const hasDefault = method.groupSize !== undefined || method.groupCount !== undefined || (method.rotationAreaIds?.length ?? 0) > 0;
  if (ask.size === undefined && ask.count === undefined && !hasDefault) {
    throw new Errors.InvalidCommand({ command: 'groups.form', problem: 'say how big the groups are (size) or how many there are (count)' });
  }

  if (command.strategy === 'keep' && state.groups.length > 0) {
    const drafts: Draft[] = state.groups.map((g) => ({ id: g.id, label: g.label, members: [...g.members], areaId: g.areaId }));
    const placed = new Set(drafts.flatMap((g) => g.members));
    for (const pid of present) {
      if (placed.has(pid)) continue;
      const smallest = drafts.reduce((best, g) => (g.members.length < best.members.length ? g : best), drafts[0]!);
      smallest.members.push(pid);
    }
    return writeGroups(room, state, drafts);
  }

  // The same rule the facilitator's screen previews with.
  const { sizes, minSize } = planGroups(present.length, method, ask);
  if (!sizes) throw notEnough(minSize, present.length);
  const order = shuffle(present);
  let next = 0;
  const drafts: Draft[] = sizes.map((n, i) => ({
    id: `group-${i + 1}`,
    label: labelFor(state, i),
    members: order.slice(next, (next += n)),
    areaId: null,
  }));
  return writeGroups(room, state, drafts, 0);
}

/** `groups.set`: the facilitator says who is in which group. A person may be in one group only. */
export function setGroups(room: Room, state: ControlState, input: GroupInput[]): Group[] {
  const seen = new Set<string>();
  const ids = new Set<string>();
  const areas = new Set(listAreas(room.doc('board')).map((a) => a.id));
  const drafts = input.map((g, i): Draft => {
    for (const member of g.members) {
      if (seen.has(member)) throw new Errors.InvalidCommand({ command: 'groups.set', problem: 'a person can be in one group only' });
      seen.add(member);
    }
    let id = g.id ?? `group-${i + 1}`;
    if (ids.has(id)) id = `${id}-${i + 1}`;
    ids.add(id);
    return { id, label: g.label?.trim() || labelFor(state, i), members: [...g.members], areaId: g.areaId && areas.has(g.areaId) ? g.areaId : null };
  });
  return writeGroups(room, state, drafts);
}

/**
 * `round.next`: the next round, unless it would start the turn again (every group has visited
 * every table, everyone has been the client): then only when the facilitator says so, after a
 * plain question on their screen. Nobody is taken past the last table without knowing.
 */
export function nextRound(room: Room, state: ControlState, startOver: boolean): void {
  if (!startOver && nextRoundStartsOver(state.groups, state.method, state.round)) {
    throw new Errors.TurnComplete({ reason: state.method.rotate === 'groups-across-areas' ? 'tables' : 'turns' });
  }
  setRound(room, state, state.round + 1);
}

/** `round.next` / `round.set`: the round moves; rotation and roles follow it. */
export function setRound(room: Room, state: ControlState, round: number): void {
  const groups = arrangeGroups(state.groups, round, state.method);
  room.transactServer('control', (doc) => setControlGroups(doc, groups, round));
}

/** A participant picks a group themselves, where the facilitator allows it. */
export function chooseGroup(room: Room, participantId: string, groupId: string): Group {
  const state = readControl(room.doc('control'));
  if (!state.groupChoice) throw new Errors.GroupChoiceClosed();
  if (!state.groups.some((g) => g.id === groupId)) throw new Errors.NoSuchGroup();
  const drafts: Draft[] = state.groups.map((g) => ({
    id: g.id,
    label: g.label,
    members: g.id === groupId ? (g.members.includes(participantId) ? [...g.members] : [...g.members, participantId]) : g.members.filter((m) => m !== participantId),
    areaId: g.areaId,
  }));
  return writeGroups(room, state, drafts).find((g) => g.id === groupId)!;
}
