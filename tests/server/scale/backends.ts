import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startServer, type RunningServer, type StartOptions } from '../../../server/src/index.ts';
import { makeTempDir } from '../../helpers/server.ts';

/**
 * PostgreSQL and Redis for the scale-out tests. Both must be running: a test that needs them
 * fails (never skips) with the command that starts them. Every test gets a schema and a key
 * prefix of its own, so test files can run in parallel, and removes them afterwards.
 */

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const PG_HINT =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(trust auth, user postgres, database "test"), or set TEST_DATABASE_URL';
const REDIS_HINT = 'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no, or set TEST_REDIS_URL';

const suffix = (): string => `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export interface PgSchema {
  url: string;
  schema: string;
  /** Runs one query in the test's schema (for checks on the tables). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A fresh, empty schema name in the test database (the server creates the schema itself). */
export async function freshSchema(): Promise<PgSchema> {
  const schema = `t_${suffix()}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}); ${PG_HINT}`);
  }
  await client.end();
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2, options: `-c search_path=${schema}` });
  return {
    url: TEST_DATABASE_URL,
    schema,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}

export interface RedisPrefix {
  url: string;
  prefix: string;
  /** Keys under the prefix right now. */
  keys(): Promise<string[]>;
  drop(): Promise<void>;
}

/** A fresh key/channel prefix on the test Redis; drop() deletes every key under it. */
export async function freshRedisPrefix(): Promise<RedisPrefix> {
  const prefix = `tt:${suffix()}:`;
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${(error as Error).message}); ${REDIS_HINT}`);
  }
  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  };
  return {
    url: TEST_REDIS_URL,
    prefix,
    keys,
    async drop() {
      const found = await keys();
      if (found.length > 0) await redis.del(...found);
      redis.disconnect();
    },
  };
}

/**
 * One server process of a scaled deployment, in this process: on port 0, sharing `db` and
 * `redis` with every other replica started on them, as replicas behind a load balancer do.
 */
export function startReplica(db: PgSchema, redis: RedisPrefix, options: StartOptions = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    serveClient: false,
    dataDir: makeTempDir(), // unused with DATABASE_URL; nothing is written there
    databaseUrl: db.url,
    databaseSchema: db.schema,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    ...options,
  });
}
