import type Database from 'better-sqlite3';
import type pg from 'pg';

/*
 * What both SQL backends share. The stores written once for both (method libraries, images,
 * published results) keep their SQL in PostgreSQL's form (`$1`), turned into SQLite's on the way
 * in; PostgreSQL runs a check and its write in one transaction, under the advisory locks named
 * here; and both hand bytes to their driver and back without copying.
 */

/**
 * Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)); the second key
 * is hashtext() of what is locked. A hash collision only makes two unrelated things wait for
 * each other, never lets two holders in.
 */
export const LOCK = { migrations: 0x7472_6962, room: 1, vote: 2, docLog: 3, images: 4 } as const;

/** A driver's Buffer as the Uint8Array Yjs takes, without copying. */
export const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
/** A Yjs Uint8Array as the Buffer a driver binds, without copying. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** SQLite takes `?` in order (every shared statement numbers its parameters in order), PostgreSQL `$1`. */
const sqliteText = (text: string) => text.replace(/\$\d+/g, '?');

/**
 * A store's statements for SQLite, prepared on first use (after open() has migrated the schema:
 * preparing checks the tables exist).
 */
export class SqliteStatements<Name extends string> {
  private readonly prepared = new Map<Name, Database.Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Readonly<Record<Name, string>>,
  ) {}

  run<R = unknown>(name: Name, ...params: unknown[]) {
    let prepared = this.prepared.get(name);
    if (!prepared) this.prepared.set(name, (prepared = this.db.prepare<unknown[], unknown>(sqliteText(this.sql[name]))));
    const statement = prepared as Database.Statement<unknown[], R>;
    return { get: () => statement.get(...params), all: () => statement.all(...params), run: () => statement.run(...params) };
  }
}

/** Runs `fn` in one PostgreSQL transaction on a connection of `pool`: committed when it resolves, rolled back when it throws. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
