import { readControl } from '@tributary/shared/control/state';
import type { Room } from '../sync/room.ts';

/** One row of `GET /api/rooms/:roomId/participants`. */
export interface ParticipantRow {
  participantId: string;
  name: string | null;
  connected: boolean;
}

interface FrozenList {
  stepIndex: number;
  rows: ParticipantRow[];
}

/** The list as first seen in the current anonymous step of each loaded room. */
const frozenLists = new WeakMap<Room, FrozenList>();

/**
 * The participants list for the facilitator, sorted by name (then id), never in the order
 * people joined or connected.
 *
 * While the current step is anonymous it is frozen: the list first given during the step is
 * given again until the step changes. Otherwise a facilitator watching it could see who had just
 * reconnected, or just joined, right before an anonymous note appeared, and guess who wrote it.
 * The list is frozen per room in this process's memory; a room that everyone left (and so was
 * unloaded) starts a new one.
 */
export function participantsList(room: Room, joined: ReadonlyArray<{ participantId: string; name: string | null }>): ParticipantRow[] {
  const control = readControl(room.doc('control'));
  if (control.mode !== 'anonymous') {
    frozenLists.delete(room);
    return currentList(room, joined);
  }
  const frozen = frozenLists.get(room);
  if (frozen && frozen.stepIndex === control.stepIndex) return frozen.rows;
  const rows = currentList(room, joined);
  frozenLists.set(room, { stepIndex: control.stepIndex, rows });
  return rows;
}

function currentList(room: Room, joined: ReadonlyArray<{ participantId: string; name: string | null }>): ParticipantRow[] {
  const connected = new Set(room.connectedParticipants());
  return joined.map((p) => ({ ...p, connected: connected.has(p.participantId) })).sort(byName);
}

/** By name (people without one last), then by id: an order that says nothing about time. */
function byName(a: ParticipantRow, b: ParticipantRow): number {
  if (a.name !== b.name) {
    if (a.name === null) return 1;
    if (b.name === null) return -1;
    const byText = a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });
    if (byText !== 0) return byText;
  }
  return a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0;
}
