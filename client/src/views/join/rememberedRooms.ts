import { normalizeJoinCode } from '@tributary/shared/joinCode';

/**
 * Which room a join code led to on this phone. Scanning the QR code again (after closing the
 * tab, or on a phone that dropped it) then offers the way back to the same place, with the
 * same "my notes", instead of quietly making a new, empty identity.
 */
const KEY_PREFIX = 'tributary:code:';
/** The code this phone joined last: the home-screen icon opens /join, which offers the way back. */
const LAST_KEY = 'tributary:last-code';

export function rememberRoom(code: string, roomId: string): void {
  try {
    globalThis.localStorage?.setItem(KEY_PREFIX + normalizeJoinCode(code), roomId);
    globalThis.localStorage?.setItem(LAST_KEY, normalizeJoinCode(code));
  } catch {
    /* storage blocked: nothing to remember, joining again still works */
  }
}

export function rememberedRoom(code: string): string | null {
  const normalized = normalizeJoinCode(code);
  if (!normalized) return null;
  try {
    return globalThis.localStorage?.getItem(KEY_PREFIX + normalized) ?? null;
  } catch {
    return null;
  }
}

/** The room this phone joined last, for a join page opened with no code (from the home screen). */
export function lastJoinedRoom(): string | null {
  try {
    return rememberedRoom(globalThis.localStorage?.getItem(LAST_KEY) ?? '');
  } catch {
    return null;
  }
}
