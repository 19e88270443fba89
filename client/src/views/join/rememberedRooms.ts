import { normalizeJoinCode } from '@tributary/shared/joinCode';
import { keep, readKept } from '../../sync/deviceStorage.ts';

/**
 * Which room a join code led to on this phone. Scanning the QR code again (after closing the
 * tab, or on a phone that dropped it) then offers the way back to the same place, with the
 * same "my notes", instead of quietly making a new, empty identity.
 */
const KEY_PREFIX = 'tributary:code:';
/** The code this phone joined last: the home-screen icon opens /join, which offers the way back. */
const LAST_KEY = 'tributary:last-code';

export function rememberRoom(code: string, roomId: string): void {
  // Storage blocked: nothing to remember, joining again still works.
  keep(KEY_PREFIX + normalizeJoinCode(code), roomId);
  keep(LAST_KEY, normalizeJoinCode(code));
}

export function rememberedRoom(code: string): string | null {
  const normalized = normalizeJoinCode(code);
  if (!normalized) return null;
  return readKept(KEY_PREFIX + normalized);
}

/** The room this phone joined last, for a join page opened with no code (from the home screen). */
export function lastJoinedRoom(): string | null {
  return rememberedRoom(readKept(LAST_KEY) ?? '');
}
