import { currentStepMode } from '@tributary/shared/control/state';
import type { SyncExtension } from '../sync/hooks.ts';
import type { AwarenessEntry } from '../sync/protocol.ts';

/**
 * The only presence fields a participant keeps while a step is anonymous: an allow-list, so a
 * client that nests its name somewhere (`user.name`, as many y-websocket apps do) shares nothing.
 * `badge` is the participation badge ("taking a break"), shown without a name. `person` is the
 * key that lets "N here" count a person's tabs once; person-keys (personKey.ts, run first)
 * has already scoped it to this step.
 */
const ANONYMOUS_SAFE = new Set(['badge', 'following', 'person']);

function strip(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (!ANONYMOUS_SAFE.has(key)) continue;
    out[key] = key === 'badge' && value && typeof value === 'object' ? { kind: (value as { kind?: unknown }).kind } : value;
  }
  return out;
}

/**
 * Presence rules (DESIGN.md section 3): while a step is anonymous, participants' presence
 * carries nothing but their role and what ANONYMOUS_SAFE allows (badge kind, following, the
 * step-scoped person key): no names, colours, cursors, drags or typing signals.
 * Always: the role in presence is the one the token gives, so nobody can pass for the
 * facilitator. The core applies this both to what arrives and to what it sends out, so states
 * published before the step turned anonymous are not handed to newcomers with names.
 */
export const anonymousPresence: SyncExtension = {
  name: 'anonymous-presence',
  priority: 30,
  filterAwareness({ room, connection }, entries: AwarenessEntry[]) {
    const role = connection.identity.role;
    const anonymous = role === 'participant' && currentStepMode(room.doc('control')) === 'anonymous';
    return entries.map((entry) => {
      if (entry.state === null) return entry;
      const state = anonymous ? strip(entry.state) : { ...entry.state };
      state.role = role;
      return { ...entry, state };
    });
  },
};
