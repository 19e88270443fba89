import type { Role } from '@tributary/shared/protocol';
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
/**
 * The projector's session is kept apart: a facilitator who opens the screen view on their own
 * laptop must keep their facilitator session, and the screen must never hold more than its own
 * read-only token.
 */
const SCREEN_KEY_PREFIX = 'tributary:screen:';
const keyOf = (roomId: string, screen: boolean) => (screen ? SCREEN_KEY_PREFIX : KEY_PREFIX) + roomId;

const memory = new Map<string, RoomSession>();

export function saveSession(session: RoomSession): void {
  const key = keyOf(session.roomId, session.role === 'presenter');
  memory.set(key, session);
  deviceStorage()?.setItem(key, JSON.stringify(session));
}

/** The session kept for a room: the person's own, or with `screen` the projector's. */
export function loadSession(roomId: string, screen = false): RoomSession | null {
  const key = keyOf(roomId, screen);
  const raw = deviceStorage()?.getItem(key);
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as RoomSession;
      if (parsed && typeof parsed.token === 'string' && parsed.roomId === roomId) return parsed;
    } catch {
      /* a corrupt entry is treated as no session */
    }
  }
  return memory.get(key) ?? null;
}

export function forgetSession(roomId: string): void {
  for (const screen of [false, true]) {
    memory.delete(keyOf(roomId, screen));
    deviceStorage()?.removeItem(keyOf(roomId, screen));
  }
}

const DEVICE_KEY = 'tributary:device-key';
let memoryDeviceKey: string | null = null;

/**
 * This device's key: a random secret made once and kept, sent when joining so that joining the
 * same room again from this phone gives back the same participant (and the votes they spent).
 * 144 random bits, URL-safe. Where storage is refused, it lasts as long as the tab.
 */
export function deviceKey(): string {
  const storage = deviceStorage();
  const kept = storage?.getItem(DEVICE_KEY) ?? memoryDeviceKey;
  if (kept && /^[A-Za-z0-9_-]{22,64}$/.test(kept)) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const made = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  memoryDeviceKey = made;
  try {
    storage?.setItem(DEVICE_KEY, made);
  } catch {
    /* full or refused: the key lasts as long as the tab */
  }
  return made;
}

/** Reads `#token=…` from a facilitator or presenter link; the fragment never reaches a server. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token');
}
