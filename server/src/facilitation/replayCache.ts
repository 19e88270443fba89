/**
 * Remembers the answer to a request for a while, by a key the client made up (its
 * `Idempotency-Key`), so a phone that resends a note after a lost answer gets the same note back
 * instead of posting it twice. Kept in memory only, never stored: a key links a device to its
 * note, and anonymity means no such link on disk.
 */
export class ReplayCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(
    private readonly ttlMs = 15 * 60 * 1000,
    private readonly maxEntries = 20_000,
  ) {}

  /** Runs `task` once per key within the time to live; a repeat gets the first answer. */
  run(key: string, task: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = task();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    // A failed request may be tried again with the same key.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.prune(now);
    return value;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
    // Still too many: drop the oldest (Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
