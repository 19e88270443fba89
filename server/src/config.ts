import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './sync/connection.ts';

/** Everything the server can be told, from the environment (API.md "Starting the server"). */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Serve the built client (client/dist) from the same port. */
  serveClient: boolean;
  clientDir: string;
  /** Base of the links handed out (`https://board.example.org`); defaults to the request's own origin. */
  publicUrl: string | null;
  trustProxy: boolean;
  /** How long an empty room stays in memory before it is stored and released. */
  unloadAfterMs: number;
  /** Compact a document's update log into one snapshot after this many updates. */
  compactAfterUpdates: number;
  /** Presence changes are gathered for this long and sent to everyone as one message. */
  awarenessFlushMs: number;
  /** Rooms idle longer than this many days are deleted with everything they hold. */
  roomTtlDays: number;
  /** How often idle rooms are looked for. */
  retentionSweepMs: number;
  rateLimit: {
    /** Rooms one address may create per minute. */
    createRoomPerMinute: number;
    /** Join attempts one address may make per minute. */
    joinPerMinute: number;
    /** Wrong join codes one address may try in ten minutes before it must wait. */
    failedJoinsPerTenMinutes: number;
  };
  /**
   * PostgreSQL instead of SQLite (docs/SCALING.md); `databaseSchema` keeps the tables in a schema
   * of their own. Required when `redisUrl` is set.
   */
  databaseUrl: string | null;
  databaseSchema: string | null;
  /** Redis for several processes serving the same rooms: update fan-out and shared rate limits. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel (several deployments may share one Redis). */
  redisPrefix: string;
  /** Check every board update against the record layer (issue 15). Off only in the benchmark's diagnostic. */
  validateBoardWrites: boolean;
  /** Per-connection websocket protections (docs/API.md "Limits"); defaults in sync/connection.ts. */
  websocket: {
    limits: ConnectionLimits;
    /** permessage-deflate for large frames (WS_DEFLATE=0 turns it off). */
    deflate: boolean;
  };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a number above 0, got "${value}"`);
  return n;
}

export function defaultConfig(): ServerConfig {
  return {
    port: 8080,
    host: '0.0.0.0',
    dataDir: path.join(ROOT, 'data'),
    logLevel: 'info',
    serveClient: true,
    clientDir: path.join(ROOT, 'client/dist'),
    publicUrl: null,
    trustProxy: false,
    unloadAfterMs: 10_000,
    compactAfterUpdates: 500,
    awarenessFlushMs: 50,
    roomTtlDays: 30,
    retentionSweepMs: 60 * 60 * 1000,
    rateLimit: { createRoomPerMinute: 30, joinPerMinute: 60, failedJoinsPerTenMinutes: 20 },
    websocket: { limits: { ...DEFAULT_CONNECTION_LIMITS }, deflate: true },
    databaseUrl: null,
    databaseSchema: null,
    redisUrl: null,
    redisPrefix: 'tributary:',
    validateBoardWrites: true,
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = defaultConfig();
  return {
    ...d,
    port: int(env.PORT, d.port, 'PORT'),
    host: env.HOST || d.host,
    dataDir: path.resolve(env.DATA_DIR || d.dataDir),
    logLevel: env.LOG_LEVEL || d.logLevel,
    serveClient: env.SERVE_CLIENT !== '0',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    trustProxy: env.TRUST_PROXY === '1',
    unloadAfterMs: int(env.ROOM_UNLOAD_AFTER_MS, d.unloadAfterMs, 'ROOM_UNLOAD_AFTER_MS'),
    compactAfterUpdates: int(env.COMPACT_AFTER_UPDATES, d.compactAfterUpdates, 'COMPACT_AFTER_UPDATES'),
    awarenessFlushMs: int(env.AWARENESS_FLUSH_MS, d.awarenessFlushMs, 'AWARENESS_FLUSH_MS'),
    roomTtlDays: positive(env.ROOM_TTL_DAYS, d.roomTtlDays, 'ROOM_TTL_DAYS'),
    retentionSweepMs: int(env.RETENTION_SWEEP_MS, d.retentionSweepMs, 'RETENTION_SWEEP_MS'),
    rateLimit: {
      createRoomPerMinute: int(env.RATE_LIMIT_CREATE_ROOM, d.rateLimit.createRoomPerMinute, 'RATE_LIMIT_CREATE_ROOM'),
      joinPerMinute: int(env.RATE_LIMIT_JOIN, d.rateLimit.joinPerMinute, 'RATE_LIMIT_JOIN'),
      failedJoinsPerTenMinutes: int(env.RATE_LIMIT_FAILED_JOINS, d.rateLimit.failedJoinsPerTenMinutes, 'RATE_LIMIT_FAILED_JOINS'),
    },
    websocket: websocketFromEnv(env, d.websocket),
    ...scaleOutFromEnv(env, d),
  };
}

function scaleOutFromEnv(env: NodeJS.ProcessEnv, d: ServerConfig): Pick<ServerConfig, 'databaseUrl' | 'databaseSchema' | 'redisUrl' | 'redisPrefix'> {
  const config = {
    databaseUrl: env.DATABASE_URL || d.databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || d.databaseSchema,
    redisUrl: env.REDIS_URL || d.redisUrl,
    redisPrefix: env.REDIS_PREFIX || d.redisPrefix,
  };
  checkScaleOut(config);
  return config;
}

/** REDIS_URL alone would let processes relay each other's updates while each kept its own SQLite file. */
export function checkScaleOut(config: Pick<ServerConfig, 'databaseUrl' | 'redisUrl'>): void {
  if (config.redisUrl && !config.databaseUrl) {
    throw new Error(
      'REDIS_URL is set but DATABASE_URL is not: several processes must share one PostgreSQL database (set DATABASE_URL), or unset REDIS_URL to run one process on SQLite',
    );
  }
}

function websocketFromEnv(env: NodeJS.ProcessEnv, d: ServerConfig['websocket']): ServerConfig['websocket'] {
  const l = d.limits;
  return {
    deflate: env.WS_DEFLATE !== '0',
    limits: {
      ...l,
      updatesPerSecond: positive(env.WS_UPDATES_PER_SECOND, l.updatesPerSecond, 'WS_UPDATES_PER_SECOND'),
      updateBurst: Math.max(1, int(env.WS_UPDATE_BURST, l.updateBurst, 'WS_UPDATE_BURST')),
      awarenessPerSecond: positive(env.WS_AWARENESS_PER_SECOND, l.awarenessPerSecond, 'WS_AWARENESS_PER_SECOND'),
      awarenessBurst: Math.max(1, int(env.WS_AWARENESS_BURST, l.awarenessBurst, 'WS_AWARENESS_BURST')),
      maxQueuedFrames: int(env.WS_MAX_QUEUED_FRAMES, l.maxQueuedFrames, 'WS_MAX_QUEUED_FRAMES'),
      maxQueuedBytes: int(env.WS_MAX_QUEUED_BYTES, l.maxQueuedBytes, 'WS_MAX_QUEUED_BYTES'),
      maxBufferedBytes: int(env.WS_MAX_BUFFERED_BYTES, l.maxBufferedBytes, 'WS_MAX_BUFFERED_BYTES'),
    },
  };
}
