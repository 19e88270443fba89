import type { PresenceUser } from '../sync/presenceState.ts';
import { t } from '../i18n/i18n.ts';

/** The name shown for a person: what they chose, or "Guest". */
export function displayName(user: Pick<PresenceUser, 'name'>): string {
  const name = user.name.trim();
  return name === '' ? t('board.guest') : name;
}

/**
 * One plain sentence about who is here, e.g. "5 people here: Sam, Ali (you), 3 without a name".
 * Named people first, in the order given; the person at this device is marked "(you)".
 */
export function presenceSummary(users: readonly Pick<PresenceUser, 'name' | 'isSelf'>[]): string {
  const count = users.length;
  if (count === 0) return t('board.nobodyHereYet');
  const names: string[] = [];
  let unnamed = 0;
  for (const user of users) {
    const name = user.name.trim();
    if (name === '') {
      if (user.isSelf) names.push(t('board.selfNoName'));
      else unnamed++;
    } else {
      names.push(user.isSelf ? t('board.selfNamed', { name }) : name);
    }
  }
  if (unnamed > 0) names.push(t('board.withoutName', { count: unnamed }));
  return t('board.whoIsHere', { count, names: names.join(t('board.listSeparator')) });
}

/** Live drag offsets other people are showing, keyed by note id. */
export type RemoteDrags = ReadonlyMap<string, { dx: number; dy: number }>;

/**
 * Collects other people's live drags from presence. Returns a key that changes only when the
 * drags change, so the canvas ignores the much more frequent cursor updates.
 */
export function remoteDragsOf(users: readonly PresenceUser[]): { key: string; drags: RemoteDrags } {
  const drags = new Map<string, { dx: number; dy: number }>();
  const parts: string[] = [];
  for (const user of users) {
    const drag = user.drag;
    if (user.isSelf || !drag || !Number.isFinite(drag.dx) || !Number.isFinite(drag.dy)) continue;
    if (drag.dx === 0 && drag.dy === 0) continue;
    const ids = drag.ids.filter((id): id is string => typeof id === 'string').slice(0, 5000);
    if (ids.length === 0) continue;
    parts.push(`${user.clientId}:${drag.dx},${drag.dy}:${ids.length}:${ids[0]}`);
    for (const id of ids) drags.set(id, { dx: drag.dx, dy: drag.dy });
  }
  return { key: parts.join('|'), drags };
}

/** A key for the people list that ignores cursor and drag updates. */
export function peopleKey(users: readonly PresenceUser[]): string {
  return users.map((u) => `${u.clientId}/${u.isSelf ? 1 : 0}/${u.role}/${u.color}/${u.name}/${u.person ?? ''}`).join('|');
}

/**
 * One entry per person: presence has one state per open tab, and a person with the board open
 * twice, or a phone and a laptop, is still one person here. Tabs are matched by the key the
 * server stamps (`person`); a state without one counts on its own. The entry kept for a person is
 * this device's own, else one showing a badge, else the first.
 */
export function distinctPeople<T extends Pick<PresenceUser, 'person' | 'isSelf' | 'badge' | 'role'>>(users: readonly T[]): T[] {
  const byPerson = new Map<string, number>();
  const out: T[] = [];
  // This tab's own state is the one it set, without the server's key; every facilitator tab has
  // the same key (personKey.ts), so a facilitator's own tab takes it from their other tabs.
  const facilitatorKey = users.find((u) => u.role === 'facilitator' && u.person !== null)?.person ?? null;
  for (const original of users) {
    const user = original.isSelf && original.person === null && original.role === 'facilitator' ? { ...original, person: facilitatorKey } : original;
    if (user.person === null) {
      out.push(user);
      continue;
    }
    const at = byPerson.get(user.person);
    if (at === undefined) {
      byPerson.set(user.person, out.length);
      out.push(user);
      continue;
    }
    const kept = out[at]!;
    if (!kept.isSelf && (user.isSelf || (!kept.badge && user.badge))) out[at] = user;
  }
  return out;
}
