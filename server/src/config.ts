import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BOARD_WRITE_LIMITS } from './policy/boardWrites.ts';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './sync/connection.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES } from './sync/roomPersistence.ts';

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
  /**
   * How many reverse proxies stand in front of the server (Fastify's `trustProxy` as a number).
   * The client's address is the X-Forwarded-For entry that many hops from the socket; anything
   * further left was written by the client and is never believed. 0: no proxy, the socket's address.
   */
  trustProxy: number;
  /** How long an empty room stays in memory before it is stored and released. */
  unloadAfterMs: number;
  /** Compact a document's update log into one snapshot after this many updates. */
  compactAfterUpdates: number;
  /** Presence changes are gathered for this long and sent to everyone as one message. */
  awarenessFlushMs: number;
  /** Quiet sockets are sent a keepalive this often (SyncServerOptions.keepAliveMs); 0: never. */
  keepAliveMs: number;
  /** Rooms idle longer than this many days are deleted with everything they hold. */
  roomTtlDays: number;
  /** How often idle rooms are looked for. */
  retentionSweepMs: number;
  rateLimit: {
    /** Rooms one address may create per minute. */
    createRoomPerMinute: number;
    /** Join attempts one address may make per minute: a whole venue may share one address. */
    joinPerMinute: number;
    /** Wrong join codes one address may try in ten minutes before it must wait. */
    failedJoinsPerTenMinutes: number;
    /** Notes one person (one token) may post through the API per minute. */
    notesPerPersonPerMinute: number;
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
  /** Caps on what the board may hold (docs/API.md "Limits"). */
  board: {
    /** Bytes one room document may take in storage (snapshot and log); updates beyond are refused with 4413. */
    maxDocumentBytes: number;
    /** Notes, and characters of note text, one participant may have on the board at once. */
    maxNotesPerPerson: number;
    maxTextPerPerson: number;
  };
  /**
   * Caps on pictures (photos of paper, sketch notes; docs/API.md "Images"). Phones resize a photo
   * to about 1600 pixels, a few hundred kB as JPEG, before sending (sketches are small PNGs), so
   * the per-picture cap (1.5 MiB) is a backstop; the room's cap holds about 120 such photos. One
   * person at the per-picture cap and the rate limit (10 a minute) sends at most 15 MiB a minute,
   * so filling the room's 60 MiB takes them at least four minutes, not one. Uploads never attached
   * to a note count too (nothing sweeps them yet).
   */
  images: {
    /** Bytes one uploaded picture may take (IMAGE_MAX_BYTES). */
    maxBytes: number;
    /** Bytes all the pictures of one room may take together, once stripped (ROOM_IMAGES_MAX_BYTES). */
    maxRoomBytes: number;
    /** Pictures one person (one token) may upload per minute (RATE_LIMIT_IMAGES). */
    perPersonPerMinute: number;
  };
  /**
   * Compress what goes over HTTP: the build's pre-compressed files (brotli, gzip) and JSON answers
   * and exports over 1 KiB. COMPRESSION=0 turns all of it off, to measure the same build without it.
   */
  compression: boolean;
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
    trustProxy: 0,
    unloadAfterMs: 10_000,
    compactAfterUpdates: 500,
    awarenessFlushMs: 50,
    keepAliveMs: 10_000,
    roomTtlDays: 30,
    retentionSweepMs: 60 * 60 * 1000,
    // 600 joins a minute: 300 people in one venue behind one address all get in, twice over.
    rateLimit: { createRoomPerMinute: 30, joinPerMinute: 600, failedJoinsPerTenMinutes: 20, notesPerPersonPerMinute: 120 },
    websocket: { limits: { ...DEFAULT_CONNECTION_LIMITS }, deflate: true },
    databaseUrl: null,
    databaseSchema: null,
    redisUrl: null,
    redisPrefix: 'tributary:',
    validateBoardWrites: true,
    compression: true,
    board: { maxDocumentBytes: DEFAULT_MAX_DOCUMENT_BYTES, ...DEFAULT_BOARD_WRITE_LIMITS },
    images: { maxBytes: 1.5 * 1024 * 1024, maxRoomBytes: 60 * 1024 * 1024, perPersonPerMinute: 10 },
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
    compression: env.COMPRESSION !== '0',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    trustProxy: proxyHops(env.TRUST_PROXY),
    unloadAfterMs: int(env.ROOM_UNLOAD_AFTER_MS, d.unloadAfterMs, 'ROOM_UNLOAD_AFTER_MS'),
    compactAfterUpdates: int(env.COMPACT_AFTER_UPDATES, d.compactAfterUpdates, 'COMPACT_AFTER_UPDATES'),
    awarenessFlushMs: int(env.AWARENESS_FLUSH_MS, d.awarenessFlushMs, 'AWARENESS_FLUSH_MS'),
    keepAliveMs: int(env.WS_KEEPALIVE_MS, d.keepAliveMs, 'WS_KEEPALIVE_MS'),
    roomTtlDays: positive(env.ROOM_TTL_DAYS, d.roomTtlDays, 'ROOM_TTL_DAYS'),
    retentionSweepMs: int(env.RETENTION_SWEEP_MS, d.retentionSweepMs, 'RETENTION_SWEEP_MS'),
    rateLimit: {
      createRoomPerMinute: int(env.RATE_LIMIT_CREATE_ROOM, d.rateLimit.createRoomPerMinute, 'RATE_LIMIT_CREATE_ROOM'),
      joinPerMinute: int(env.RATE_LIMIT_JOIN, d.rateLimit.joinPerMinute, 'RATE_LIMIT_JOIN'),
      failedJoinsPerTenMinutes: int(env.RATE_LIMIT_FAILED_JOINS, d.rateLimit.failedJoinsPerTenMinutes, 'RATE_LIMIT_FAILED_JOINS'),
      notesPerPersonPerMinute: int(env.RATE_LIMIT_NOTES, d.rateLimit.notesPerPersonPerMinute, 'RATE_LIMIT_NOTES'),
    },
    websocket: websocketFromEnv(env, d.websocket),
    board: {
      maxDocumentBytes: Math.max(1024 * 1024, int(env.ROOM_MAX_BYTES, d.board.maxDocumentBytes, 'ROOM_MAX_BYTES')),
      maxNotesPerPerson: Math.max(1, int(env.MAX_NOTES_PER_PERSON, d.board.maxNotesPerPerson, 'MAX_NOTES_PER_PERSON')),
      maxTextPerPerson: Math.max(1, int(env.MAX_TEXT_PER_PERSON, d.board.maxTextPerPerson, 'MAX_TEXT_PER_PERSON')),
    },
    images: {
      maxBytes: Math.max(1024, int(env.IMAGE_MAX_BYTES, d.images.maxBytes, 'IMAGE_MAX_BYTES')),
      maxRoomBytes: int(env.ROOM_IMAGES_MAX_BYTES, d.images.maxRoomBytes, 'ROOM_IMAGES_MAX_BYTES'),
      perPersonPerMinute: int(env.RATE_LIMIT_IMAGES, d.images.perPersonPerMinute, 'RATE_LIMIT_IMAGES'),
    },
    ...scaleOutFromEnv(env, d),
  };
}

/**
 * TRUST_PROXY is a count of proxy hops, never "believe every header": with `true`, the leftmost
 * X-Forwarded-For entry (which the client writes itself) would be taken as its address, and every
 * limit keyed on the address could be escaped by writing a new one each time.
 */
export function proxyHops(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value) || Number(value) > 10) {
    throw new Error(`TRUST_PROXY must be the number of proxies in front of the server (0 to 10, e.g. 1 for one reverse proxy), got "${value}"`);
  }
  return Number(value);
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
