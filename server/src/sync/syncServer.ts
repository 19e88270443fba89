import { CloseCode } from '@tributary/shared/protocol';
import type { Storage } from '../storage/types.ts';
import { LocalRoomBus, type RoomBus } from './bus.ts';
import type { Connection } from './connection.ts';
import { GroupCommit } from './groupCommit.ts';
import { sortExtensions, type SyncExtension } from './hooks.ts';
import type { Logger, SyncMetrics } from './reporting.ts';
import { Room } from './room.ts';

export interface SyncServerOptions {
  storage: Storage;
  extensions?: SyncExtension[];
  logger: Logger;
  metrics: SyncMetrics;
  /** How long an empty room stays in memory (quick reconnects should not reload it). */
  unloadAfterMs?: number;
  compactAfterUpdates?: number;
  /** Presence coalescing window (RoomOptions.awarenessFlushMs). */
  awarenessFlushMs?: number;
  /** Fan-out to other server processes serving the same rooms; default: this process only. */
  bus?: RoomBus;
  /** RoomOptions.maxDocumentBytes. */
  maxDocumentBytes?: number;
  /**
   * How often quiet sockets are sent a keepalive (Connection.keepAlive); a socket hears
   * something at least every two of these. Under half of y-websocket's 30 s
   * `messageReconnectTimeout`, with room for a slow network. 0 turns it off.
   */
  keepAliveMs?: number;
}

/** The default keepalive sweep: a quiet socket hears from the server at least every 20 s. */
export const DEFAULT_KEEPALIVE_MS = 10_000;

/** How many half-second retries a graceful stop gives a room whose changes are not yet stored. */
const SHUTDOWN_SAVE_TRIES = 20;

/**
 * The transport-free heart of the server: rooms by id, loaded on first use, unloaded (after
 * being stored and compacted) once nobody is connected. Knows nothing of Fastify or HTTP.
 */
export class SyncServer {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly extensions: SyncExtension[];
  private closing = false;
  private readonly keepAliveTimer: NodeJS.Timeout | null;
  /** This server's rooms flush together at the end of each turn; another server's do not join them. */
  private readonly groupCommit = new GroupCommit();

  readonly bus: RoomBus;

  constructor(private readonly options: SyncServerOptions) {
    this.extensions = sortExtensions(options.extensions ?? []);
    this.bus = options.bus ?? new LocalRoomBus();
    const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
    // One timer for every socket, not one each: a sweep of 1,000 idle sockets is a few flag checks.
    this.keepAliveTimer = keepAliveMs > 0 ? setInterval(() => this.keepAlive(), keepAliveMs) : null;
    this.keepAliveTimer?.unref();
    // Messages sent while the bus was down are gone: read what was missed from storage.
    this.bus.onReconnect(() => {
      for (const room of this.rooms.values()) {
        room.catchUp().catch((error) => this.options.logger.warn({ roomId: room.id, err: String(error) }, 'catching up from storage failed'));
      }
    });
  }

  private keepAlive(): void {
    for (const room of this.rooms.values()) room.keepAlive();
  }

  get loadedRoomCount(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connectionCount;
    return count;
  }

  isLoaded(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** The loaded room, loading it from storage first if needed. */
  async getRoom(roomId: string): Promise<Room> {
    const pendingUnload = this.unloading.get(roomId);
    if (pendingUnload) await pendingUnload;
    const loaded = this.rooms.get(roomId);
    if (loaded) return loaded;
    let loading = this.loading.get(roomId);
    if (!loading) {
      loading = this.loadRoom(roomId);
      this.loading.set(roomId, loading);
      loading.finally(() => this.loading.delete(roomId)).catch(() => undefined);
    }
    return loading;
  }

  private async loadRoom(roomId: string): Promise<Room> {
    const room = new Room(roomId, {
      storage: this.options.storage,
      extensions: this.extensions,
      logger: this.options.logger,
      metrics: this.options.metrics,
      groupCommit: this.groupCommit,
      compactAfterUpdates: this.options.compactAfterUpdates ?? 500,
      awarenessFlushMs: this.options.awarenessFlushMs,
      bus: this.bus,
      maxDocumentBytes: this.options.maxDocumentBytes,
    });
    try {
      await room.load();
    } catch (error) {
      // Let go of the bus subscription and the documents; the next connection tries again.
      room.destroy();
      throw error;
    }
    room.onDetach = () => this.maybeScheduleUnload(room);
    this.rooms.set(roomId, room);
    return room;
  }

  /** Attaches an authenticated connection to its room's document. */
  async connect(connection: Connection): Promise<void> {
    if (this.closing) {
      connection.close(CloseCode.GoingAway, 'server shutting down');
      return;
    }
    const room = await this.getRoom(connection.identity.roomId);
    if (connection.closed) {
      this.maybeScheduleUnload(room);
      return;
    }
    this.cancelUnload(room.id);
    room.attach(connection);
    // Refused at the door (a participant removed meanwhile): the room may be empty again.
    if (connection.closed) this.maybeScheduleUnload(room);
  }

  /**
   * Runs a server-side change on a room (loading it if needed), then lets it unload again if
   * nobody is connected. Resolves once the change is stored.
   */
  async withRoom<T>(roomId: string, fn: (room: Room) => T): Promise<T> {
    const room = await this.getRoom(roomId);
    this.cancelUnload(roomId);
    try {
      const result = fn(room);
      await room.flushStrict();
      return result;
    } finally {
      this.maybeScheduleUnload(room);
    }
  }

  /** Like withRoom, for changes that await storage along the way. */
  async withRoomAsync<T>(roomId: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.getRoom(roomId);
    this.cancelUnload(roomId);
    try {
      const result = await fn(room);
      await room.flushStrict();
      return result;
    } finally {
      this.maybeScheduleUnload(room);
    }
  }

  private cancelUnload(roomId: string): void {
    const timer = this.unloadTimers.get(roomId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(roomId);
  }

  private maybeScheduleUnload(room: Room): void {
    if (room.connectionCount > 0 || this.closing || this.rooms.get(room.id) !== room) return;
    this.cancelUnload(room.id);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id);
      if (room.connectionCount > 0 || this.rooms.get(room.id) !== room) return;
      if (room.storageFailing) {
        // Its unsaved changes live only here: a fresh copy loaded from storage would lack them
        // (and a later compaction could drop them for good). Keep it until the save succeeds.
        this.maybeScheduleUnload(room);
        return;
      }
      this.rooms.delete(room.id);
      const done = room
        .unload()
        .catch((error) => this.options.logger.error({ roomId: room.id, err: String(error) }, 'unloading room failed'))
        .finally(() => this.unloading.delete(room.id));
      this.unloading.set(room.id, done);
    }, this.options.unloadAfterMs ?? 10_000);
    timer.unref();
  }

  /** Closes every connection of a room and forgets it without storing anything more. */
  async dropRoom(roomId: string, code: number, reason: string): Promise<void> {
    this.cancelUnload(roomId);
    const loading = this.loading.get(roomId);
    if (loading) await loading.catch(() => undefined);
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    room.onDetach = null;
    room.closeAll(code, reason);
    await room.flush().catch(() => undefined);
    room.destroy();
  }

  /** Graceful shutdown: store everything, then close every socket with "going away". */
  async close(): Promise<void> {
    this.closing = true;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.allSettled([...this.loading.values()]);
    await Promise.allSettled([...this.unloading.values()]);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(
      rooms.map(async (room) => {
        room.onDetach = null;
        // Store (and relay) what is pending first, then say goodbye, then compact and release.
        await room.flush();
        // Storage failing at shutdown: keep trying for a while before giving up on it.
        for (let tries = 0; room.storageFailing && tries < SHUTDOWN_SAVE_TRIES; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          await room.flush();
        }
        if (room.storageFailing) this.options.logger.error({ roomId: room.id }, 'shutting down with changes that could not be stored');
        room.closeAll(CloseCode.GoingAway, 'server shutting down');
        await room.unload();
      }),
    );
  }
}
