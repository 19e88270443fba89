import { createHash, randomBytes } from 'node:crypto';
import { controlMap, currentStepMode } from '@tributary/shared/control/state';
import type { SyncExtension } from '../sync/hooks.ts';
import type { AwarenessEntry } from '../sync/protocol.ts';

/**
 * "N here" counts people, not tabs. Each presence state is one tab (one Yjs document), so a
 * person with a phone and a laptop, or a facilitator with the board open twice, would count two
 * or three times. The server knows who each connection is, so it stamps every state with
 * `person`: the same opaque key on every tab of one person, which the client counts once.
 *
 * The key says nothing about who the person is: it is a hash with a secret this process made,
 * never the participant id (which a named note carries). While a step is anonymous the key is
 * scoped to that step, so a key seen with a name before cannot be matched to the nameless badge
 * it shows now. A key a client writes itself is always replaced.
 */

/** Made once per process: keys cannot be worked out from participant ids by anyone else. */
const SECRET = randomBytes(32);

/** `n` outside anonymous steps; `a<step>` inside one: the part of the key that must not carry over. */
function scopeOf(control: Parameters<typeof currentStepMode>[0]): string {
  if (currentStepMode(control) !== 'anonymous') return 'n';
  const index = controlMap(control).get('stepIndex');
  return `a${typeof index === 'number' ? index : 0}`;
}

/** The key for one person in one room and scope: `<scope>.<hash>`. */
export function personKey(roomId: string, scope: string, who: string): string {
  const hash = createHash('sha256').update(SECRET).update(`${roomId}\u0000${scope}\u0000${who}`).digest('base64url').slice(0, 16);
  return `${scope}.${hash}`;
}

export const personKeys: SyncExtension = {
  name: 'person-keys',
  // Before anonymous-presence (30), which keeps `person` in anonymous steps: by then it is scoped.
  priority: 25,
  filterAwareness({ room, connection }, entries: AwarenessEntry[]) {
    const { role, participantId } = connection.identity;
    const scope = scopeOf(room.doc('control'));
    return entries.map((entry) => {
      if (entry.state === null) return entry;
      const state = { ...entry.state };
      if (role === 'facilitator') {
        // Every facilitator tab (and the facilitator's other screens) is the facilitator: one person.
        state.person = personKey(room.id, 'n', 'facilitator');
      } else if (role === 'participant' && participantId) {
        state.person = personKey(room.id, scope, `p:${participantId}`);
      } else if (role === 'participant' && typeof state.person === 'string' && state.person.startsWith(`${scope}.`)) {
        // A state from another process (its owner is not connected here, so no participant id):
        // it keeps the key its own process gave it, but only from the same scope, so a named
        // step's key never reaches an anonymous step.
      } else {
        // A projector is nobody; a remote key from another scope is dropped.
        delete state.person;
      }
      return { ...entry, state };
    });
  },
};
