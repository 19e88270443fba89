import { useSyncExternalStore } from 'react';
import type { Store } from '../sync/store.ts';

/** Subscribes a component to a store; it re-renders only when the snapshot changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
