/** Something with writes waiting for the end of the event-loop turn (a Room). */
export interface TurnWriter {
  flushScheduledWrites(): void;
}

/**
 * One setImmediate for every room of a server with writes this turn. Their appends then reach
 * storage in the same microtask drain, which SQLite commits as one transaction (SqliteStorage's
 * group commit) instead of one per room.
 *
 * One per SyncServer, not per process: two servers in one process (tests, the bench) each keep
 * their own rooms' writes, so neither flushes the other's rooms or waits on its storage.
 */
export class GroupCommit {
  private readonly waiting = new Set<TurnWriter>();
  private scheduled = false;

  /** Flushes `writer` at the end of this turn, together with every other writer of the turn. */
  add(writer: TurnWriter): void {
    this.waiting.add(writer);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const writers = [...this.waiting];
      this.waiting.clear();
      for (const each of writers) each.flushScheduledWrites();
    });
  }
}
