/**
 * Everything this app keeps in the browser's Web Storage goes through here: localStorage for what
 * outlives the tab (own notes, session, drafts, settings), sessionStorage for what belongs to one
 * tab (picks made in a step, an answered invitation). The one other thing kept on the device is
 * the board's copy in IndexedDB (y-indexeddb, opened by RoomClient). Either may be missing, or throw on access (private mode on
 * some phones) or on write (storage full): every reader here answers null then, every writer
 * gives up quietly, and callers keep things for the life of the tab only.
 */

/** localStorage, or null where the browser refuses it. */
export function deviceStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** sessionStorage (this tab only, gone when it closes), or null where the browser refuses it. */
export function tabStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The value kept under `key`, or null when there is none or storage cannot be read. */
export function readKept(key: string, storage: () => Storage | null = deviceStorage): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/**
 * Keeps `value` under `key`, or removes the key for null. Answers whether storage took it (false
 * when there is no storage or it is full), for callers that must know the tab alone holds it.
 */
export function keep(key: string, value: string | null, storage: () => Storage | null = deviceStorage): boolean {
  try {
    const store = storage();
    if (!store) return false;
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** The JSON kept under `key`, parsed, or null when there is none or it is damaged. */
export function readKeptJson(key: string, storage: () => Storage | null = deviceStorage): unknown {
  const raw = readKept(key, storage);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
