import { t } from '../i18n/i18n.ts';
import type { Point } from '@tributary/shared/board/geometry';
import { MAX_LIVE_DRAG_IDS, type Role } from '@tributary/shared/protocol';

/**
 * What each person shares about themselves while connected (awareness, never stored), and the
 * badges they may show: the presence half of RoomClient, in its own module so views and tests
 * can name its types without the documents and providers.
 */

/** The interaction badges from the co-production stories; each person may show one, or none. */
export type BadgeKind = 'talk' | 'listen' | 'break';
/** Read when shown (getters), so each reads in the language on screen now. */
export const BADGE_LABELS: Readonly<Record<BadgeKind, string>> = {
  get talk() {
    return t('room.badgeTalk');
  },
  get listen() {
    return t('room.badgeListen');
  },
  get break() {
    return t('room.badgeBreak');
  },
};

/** What each person shares about themselves while connected (awareness, never stored). */
export interface PresenceState {
  name: string;
  color: string;
  role: Role;
  /** A participation badge, shown with the person's name only when they say so. */
  badge: { kind: BadgeKind; showName: boolean } | null;
  /** True while this person follows the facilitator's view. */
  following: boolean;
  /** Facilitators only: the board area they are looking at, for people who follow them. */
  viewport: { x: number; y: number; zoom: number } | null;
  /** Board position of the pointer, or null when it is off the board. */
  cursor: Point | null;
  /** Notes being dragged right now and their live offset; written to the board only on drop. */
  drag: { ids: string[]; dx: number; dy: number } | null;
}

export interface PresenceUser extends PresenceState {
  clientId: number;
  isSelf: boolean;
  /**
   * The same opaque key on every tab of one person, stamped by the server (server/src/sync/
   * personKey.ts), so "N here" counts people, not tabs. Null when the server gave none.
   */
  person: string | null;
}

/**
 * The server drops presence over MAX_AWARENESS_STATE_BYTES. Everything but a drag is small; a drag
 * of a big selection shares the live movement of its first MAX_LIVE_DRAG_IDS notes, and the rest
 * move when it is dropped.
 */
export function withinPresenceCap(state: PresenceState): PresenceState {
  if (!state.drag || state.drag.ids.length <= MAX_LIVE_DRAG_IDS) return state;
  return { ...state, drag: { ...state.drag, ids: state.drag.ids.slice(0, MAX_LIVE_DRAG_IDS) } };
}
