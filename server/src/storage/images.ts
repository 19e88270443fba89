import type Database from 'better-sqlite3';
import type pg from 'pg';
import { LOCK, pgTransaction, SqliteStatements, toBuffer, toBytes } from './sharedSql.ts';

/**
 * A picture as stored: nothing in it says who sent it or when (migrations/008-images.ts).
 * `type` is the real type read from its bytes.
 */
export interface StoredImage {
  roomId: string;
  id: string;
  type: string;
  bytes: Uint8Array;
}

/** The pictures on notes (migration 008), each of one room and deleted with it. */
export interface ImageStore {
  /**
   * Stores a picture (already stripped of metadata) unless the room's pictures would then take
   * more than `roomCapBytes`: the sum is read and the row written in one transaction under a
   * per-room lock, so two uploads at once cannot both pass the cap.
   */
  put(image: StoredImage, roomCapBytes: number): Promise<'stored' | 'room-full'>;
  /** A picture of this room, or null (none by that id, or it belongs to another room). */
  get(roomId: string, imageId: string): Promise<StoredImage | null>;
  /** Whether the room has a picture by that id (without reading its bytes). */
  has(roomId: string, imageId: string): Promise<boolean>;
  /** Removes a picture of the room (its writer withdrew the note that showed it); no error when there is none. */
  delete(roomId: string, imageId: string): Promise<void>;
}

interface ImageRow {
  type: string;
  data: Buffer;
}

const SQL = {
  roomBytes: 'SELECT coalesce(sum(size), 0) AS total FROM images WHERE room_id = $1',
  insert: 'INSERT INTO images (room_id, id, type, size, data) VALUES ($1, $2, $3, $4, $5)',
  get: 'SELECT type, data FROM images WHERE room_id = $1 AND id = $2',
  has: 'SELECT 1 AS one FROM images WHERE room_id = $1 AND id = $2',
  delete: 'DELETE FROM images WHERE room_id = $1 AND id = $2',
} as const;

const insertParams = (image: StoredImage) => [image.roomId, image.id, image.type, image.bytes.byteLength, toBuffer(image.bytes)];
const toImage = (roomId: string, id: string, row: ImageRow | undefined): StoredImage | null => (row ? { roomId, id, type: row.type, bytes: toBytes(row.data) } : null);

/** SQLite: better-sqlite3 is synchronous, so the sum and the insert in one transaction are atomic. */
export class SqliteImages implements ImageStore {
  private readonly sql: SqliteStatements<keyof typeof SQL>;
  private readonly putIfRoom: (image: StoredImage, roomCapBytes: number) => 'stored' | 'room-full';

  /** `scrubWal` empties the write-ahead log, so a deleted picture leaves no readable copy there (SqliteStorage). */
  constructor(
    db: Database.Database,
    private readonly scrubWal: () => void,
  ) {
    this.sql = new SqliteStatements(db, SQL);
    this.putIfRoom = db.transaction((image: StoredImage, roomCapBytes: number): 'stored' | 'room-full' => {
      const { total } = this.sql.run<{ total: number }>('roomBytes', image.roomId).get()!;
      if (total + image.bytes.byteLength > roomCapBytes) return 'room-full';
      this.sql.run('insert', ...insertParams(image)).run();
      return 'stored';
    });
  }

  async put(image: StoredImage, roomCapBytes: number): Promise<'stored' | 'room-full'> {
    return this.putIfRoom(image, roomCapBytes);
  }
  async get(roomId: string, imageId: string): Promise<StoredImage | null> {
    return toImage(roomId, imageId, this.sql.run<ImageRow>('get', roomId, imageId).get());
  }
  async has(roomId: string, imageId: string): Promise<boolean> {
    return this.sql.run('has', roomId, imageId).get() !== undefined;
  }
  async delete(roomId: string, imageId: string): Promise<void> {
    if (this.sql.run('delete', roomId, imageId).run().changes > 0) this.scrubWal();
  }
}

/** PostgreSQL: one upload per room at a time across every process, so two cannot both pass the cap. */
export class PostgresImages implements ImageStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(image: StoredImage, roomCapBytes: number): Promise<'stored' | 'room-full'> {
    return pgTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.images, image.roomId]);
      const { rows } = await client.query<{ total: string }>(SQL.roomBytes, [image.roomId]);
      if (Number(rows[0]?.total ?? 0) + image.bytes.byteLength > roomCapBytes) return 'room-full';
      await client.query(SQL.insert, insertParams(image));
      return 'stored';
    });
  }
  async get(roomId: string, imageId: string): Promise<StoredImage | null> {
    return toImage(roomId, imageId, (await this.pool.query<ImageRow>(SQL.get, [roomId, imageId])).rows[0]);
  }
  async has(roomId: string, imageId: string): Promise<boolean> {
    return (await this.pool.query(SQL.has, [roomId, imageId])).rows.length > 0;
  }
  async delete(roomId: string, imageId: string): Promise<void> {
    await this.pool.query(SQL.delete, [roomId, imageId]);
  }
}
