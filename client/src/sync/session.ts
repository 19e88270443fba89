import type { Role } from '@tributary/shared';
import { deviceStorage } from './deviceStorage.ts';

/**
 * A person's place in a room, kept on their device (localStorage) so a reload or a lost
 * connection puts them straight back where they were, with no account.
 * Session scope: never synced, never sent anywhere but as the bearer token.
 */
export interface RoomSession {
  roomId: string;
  token: string;
  role: Role;
  /** Participants only: their opaque session id, carried by their named notes. */
  participantId?: string;
  /** The name they chose to show, if any. */
  name?: string;
  title?: string;
}

const KEY_PREFIX = 'tributary:session:';


const memory = new Map<string, RoomSession>();

export function saveSession(session: RoomSession): void {
  memory.set(session.roomId, session);
  deviceStorage()?.setItem(KEY_PREFIX + session.roomId, JSON.stringify(session));
}

export function loadSession(roomId: string): RoomSession | null {
  const raw = deviceStorage()?.getItem(KEY_PREFIX + roomId);
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as RoomSession;
      if (parsed && typeof parsed.token === 'string' && parsed.roomId === roomId) return parsed;
    } catch {
      /* a corrupt entry is treated as no session */
    }
  }
  return memory.get(roomId) ?? null;
}

export function forgetSession(roomId: string): void {
  memory.delete(roomId);
  deviceStorage()?.removeItem(KEY_PREFIX + roomId);
}

/** Reads `#token=…` from a facilitator or presenter link; the fragment never reaches a server. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token');
}
