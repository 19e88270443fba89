/**
 * The smallest external store React's useSyncExternalStore needs: a snapshot that changes
 * identity only when its content changes, and listeners notified after each change.
 */
export class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private snapshot: T) {}

  get = (): T => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.snapshot)) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
