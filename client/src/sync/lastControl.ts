import type { ControlState } from '@tributary/shared/control/state';
import { deviceStorage } from './deviceStorage.ts';

/**
 * The room as this device last saw it (title, question, step, voting…), kept in localStorage so a
 * page opened with no signal shows the room honestly instead of an empty one. Only the control
 * document's reading is kept, never the document itself: the device must not hold writes to it
 * (the board has its own device copy, y-indexeddb). A few kilobytes per room; dropped with the room.
 */
const KEY_PREFIX = 'tributary:control:';

export function saveLastControl(roomId: string, state: ControlState): void {
  try {
    deviceStorage()?.setItem(KEY_PREFIX + roomId, JSON.stringify(state));
  } catch {
    /* storage full or refused: an offline reload shows the room's defaults */
  }
}

/** The last reading, laid over `defaults` so a copy kept by an older version still has every field. */
export function loadLastControl(roomId: string, defaults: ControlState): ControlState | null {
  try {
    const raw = deviceStorage()?.getItem(KEY_PREFIX + roomId);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const kept = parsed as Partial<ControlState>;
    if (typeof kept.prompt !== 'string' || !Array.isArray(kept.steps)) return null;
    return { ...defaults, ...kept };
  } catch {
    return null;
  }
}

export function forgetLastControl(roomId: string): void {
  try {
    deviceStorage()?.removeItem(KEY_PREFIX + roomId);
  } catch {
    /* nothing to do */
  }
}
