import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    roomTtlDays: 30,
    retentionSweepMs: 60 * 60 * 1000,
    rateLimit: { createRoomPerMinute: 30, joinPerMinute: 60, failedJoinsPerTenMinutes: 20 },
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
    roomTtlDays: positive(env.ROOM_TTL_DAYS, d.roomTtlDays, 'ROOM_TTL_DAYS'),
    retentionSweepMs: int(env.RETENTION_SWEEP_MS, d.retentionSweepMs, 'RETENTION_SWEEP_MS'),
    rateLimit: {
      createRoomPerMinute: int(env.RATE_LIMIT_CREATE_ROOM, d.rateLimit.createRoomPerMinute, 'RATE_LIMIT_CREATE_ROOM'),
      joinPerMinute: int(env.RATE_LIMIT_JOIN, d.rateLimit.joinPerMinute, 'RATE_LIMIT_JOIN'),
      failedJoinsPerTenMinutes: int(env.RATE_LIMIT_FAILED_JOINS, d.rateLimit.failedJoinsPerTenMinutes, 'RATE_LIMIT_FAILED_JOINS'),
    },
  };
}
