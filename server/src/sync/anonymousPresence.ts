import { readControl } from '@tributary/shared';
import type { SyncExtension } from './hooks.ts';
import type { AwarenessEntry } from './protocol.ts';

/** Presence fields that may say who someone is, or where they are about to post. */
const IDENTIFYING = ['name', 'color', 'cursor', 'drag', 'typing', 'selection', 'editing'];

function strip(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) if (!IDENTIFYING.includes(key)) out[key] = value;
  return out;
}

/**
 * Presence rules (DESIGN.md section 3): while a step is anonymous, participants' presence
 * carries no names, colours, cursors, drags or typing signals. Always: the role in presence is
 * the one the token gives, so nobody can pass for the facilitator.
 */
export const anonymousPresence: SyncExtension = {
  name: 'anonymous-presence',
  priority: 30,
  filterAwareness({ room, connection }, entries: AwarenessEntry[]) {
    const role = connection.identity.role;
    const anonymous = role === 'participant' && readControl(room.doc('control')).mode === 'anonymous';
    return entries.map((entry) => {
      if (entry.state === null) return entry;
      const state = anonymous ? strip(entry.state) : { ...entry.state };
      state.role = role;
      return { ...entry, state };
    });
  },
};
