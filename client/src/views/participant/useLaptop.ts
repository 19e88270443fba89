import { useCallback, useSyncExternalStore } from 'react';

/**
 * A participant on a laptop: a wide screen with a mouse (or trackpad). They get the board beside
 * their notes, to arrange by hand; a phone, or a tablet driven by touch, keeps the one column.
 */
export const LAPTOP_QUERY = '(min-width: 1024px) and (hover: hover) and (pointer: fine)';

export function useLaptop(): boolean {
  const subscribe = useCallback((listener: () => void) => {
    const mql = globalThis.matchMedia?.(LAPTOP_QUERY);
    mql?.addEventListener('change', listener);
    return () => mql?.removeEventListener('change', listener);
  }, []);
  const get = () => globalThis.matchMedia?.(LAPTOP_QUERY).matches === true;
  return useSyncExternalStore(subscribe, get, get);
}
