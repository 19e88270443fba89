import { CloseCode } from '@tributary/shared/protocol';
import type { Storage } from './storage/types.ts';
import type { Logger } from './sync/reporting.ts';
import type { SyncServer } from './sync/syncServer.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A facilitator's library of their own methods that nobody has opened for this long is deleted
 * with its methods. Methods are not room data (no room, person or note in them), so they outlive
 * the rooms they came from; a year, because a method is often used once a year (an annual review).
 */
export const LIBRARY_TTL_DAYS = 365;

/**
 * Data retention: a room nobody has used for `ttlDays` is deleted with everything it holds
 * (board, steps, held notes, ballots, tokens, its published "what we said" page). Rooms with
 * people connected are left alone, whatever their age: someone is using them. Each sweep also
 * drops the kept answers to resent requests (Idempotency-Key) whose day is up, and the method
 * libraries nobody has used for LIBRARY_TTL_DAYS.
 */
export class RoomRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly sync: SyncServer,
    private readonly logger: Logger,
    private readonly ttlDays: number,
  ) {}

  /** Deletes every idle room now; resolves with the ids deleted. */
  async sweep(now = Date.now()): Promise<string[]> {
    await this.storage.deleteExpiredIdempotentReplies(now);
    const libraries = await this.storage.libraries.deleteIdleLibraries(now - LIBRARY_TTL_DAYS * DAY_MS);
    if (libraries > 0) this.logger.info({ count: libraries, ttlDays: LIBRARY_TTL_DAYS }, 'unused method libraries deleted');
    const idle = await this.storage.listIdleRooms(now - this.ttlDays * DAY_MS);
    const deleted: string[] = [];
    for (const roomId of idle) {
      if (this.sync.isLoaded(roomId) && (await this.sync.getRoom(roomId)).connectionCount > 0) continue;
      await this.sync.dropRoom(roomId, CloseCode.RoomDeleted, 'room expired');
      await this.storage.deleteRoom(roomId);
      deleted.push(roomId);
    }
    if (deleted.length > 0) this.logger.info({ count: deleted.length, ttlDays: this.ttlDays }, 'idle rooms deleted');
    return deleted;
  }

  start(intervalMs: number): void {
    const run = () => void this.sweep().catch((error) => this.logger.error({ err: String(error) }, 'retention sweep failed'));
    run();
    if (intervalMs > 0) {
      this.timer = setInterval(run, intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
