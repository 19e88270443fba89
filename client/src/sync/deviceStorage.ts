/**
 * localStorage, or null where the browser refuses it (private mode on some phones throws on
 * access). Everything kept on the device goes through here, and every caller copes with null
 * by keeping things for the life of the tab only.
 */
export function deviceStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
