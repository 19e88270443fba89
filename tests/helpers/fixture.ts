import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { RunningServer, StartOptions } from '../../server/src/index.ts';
import { freshRedisPrefix, freshSchema, startReplica, type PgSchema, type RedisPrefix } from '../server/scale/backends.ts';
import { launchChromium, laptopContext, phoneContext } from './browser.ts';
import { connectDoc, docUrl, rawSocket, type DocClient, type RawSocket } from './clients.ts';
import {
  command,
  makeTempDir,
  mustCreateRoom,
  mustJoin,
  request,
  spawnServer,
  startTestServer,
  toWsUrl,
  type CreatedRoom,
  type Json,
  type JsonResponse,
  type SpawnedServer,
  type TestServer,
} from './server.ts';
import { DIST } from './wire.ts';

/**
 * One real server for a test file and every client its tests open, all torn down by the fixture:
 * the server after the file (or after each test, `per: 'test'`), the clients after the test that
 * opened them. A test file calls `useServer()` once at the top and uses what it returns:
 *
 *   const t = useServer();
 *   test('…', async () => {
 *     const room = await t.room('Title');
 *     const board = t.doc(room.roomId, 'board', room.facilitatorToken);
 *     await board.synced;
 *   });
 */
export interface ServerFixtureOptions {
  /** One server for the whole file (default), or a fresh one (fresh storage too) for each test. */
  per?: 'file' | 'test';
  /**
   * Where the server runs: in this process (default; `app` reaches inside it), or as a child
   * process of `server/src/main.ts` (`child`: what browser tests and kill tests need).
   */
  process?: 'this' | 'child';
  /** `sqlite` (default): a temp DATA_DIR. `postgres+redis`: a fresh schema and key prefix, shared by `replica()`. */
  storage?: 'sqlite' | 'postgres+redis';
  /** Serve the production build (client/dist) as well, for browser tests. */
  serveClient?: boolean;
  /** Environment for the server (restored when an in-process server closes). */
  env?: Record<string, string>;
  /**
   * Server settings (in-process servers only); a function of the DATA_DIR for settings that need
   * it (a storage wrapped around the real SQLite file), called at each start and restart.
   */
  config?: StartOptions | ((dataDir: string) => StartOptions);
  /** Fills the fresh DATA_DIR before the server first starts (a database an older version saved). */
  prepareDataDir?: (dataDir: string) => void;
}

/** A server the fixture started: the same shape in this process or in a child. */
interface Running {
  url: string;
  inProcess?: TestServer;
  child?: SpawnedServer;
  close(): Promise<void>;
}

/**
 * What every server the fixture runs offers a test: its address, and clients of it that the
 * fixture closes when the test that opened them ends. The fixture's server and each `replica()`
 * share it, so a test on two replicas opens clients on either the same way.
 */
export abstract class ServerClients {
  /** http://127.0.0.1:PORT */
  abstract get url(): string;

  /** Runs `fn` when the current test ends (or, outside a test, when the server stops). */
  abstract defer(fn: () => unknown): void;

  /** ws://127.0.0.1:PORT */
  get wsUrl(): string {
    return toWsUrl(this.url);
  }

  /** A stock y-websocket client of one room document; destroyed when the test ends. */
  doc(roomId: string, docName: string, token: string | undefined, opts: Parameters<typeof connectDoc>[4] = {}): DocClient {
    return this.track(connectDoc(this.wsUrl, roomId, docName, token, opts), (client) => client.destroy());
  }

  /** A bare websocket to a room document (or any `ws://` URL), for hand-made frames; closed when the test ends. */
  raw(target: string | { roomId: string; docName: string; token?: string }, opts: { maxPayload?: number } = {}): RawSocket {
    const url = typeof target === 'string' ? target : docUrl(this.wsUrl, target.roomId, target.docName, target.token);
    return this.track(rawSocket(url, opts), (socket) => socket.ws.terminate());
  }

  /** An HTTP request to this server, with an optional bearer token. */
  request<T = Json>(method: string, pathname: string, opts: Parameters<typeof request>[3] = {}): Promise<JsonResponse<T>> {
    return request<T>(this.url, method, pathname, opts);
  }

  /** Creates a room, failing loudly unless the server answers 201. */
  room(title?: string): Promise<CreatedRoom> {
    return mustCreateRoom(this.url, title);
  }

  /** Joins a room and returns the participant token, failing loudly unless the server answers 200. */
  join(joinCode: string, name?: string): Promise<string> {
    return mustJoin(this.url, joinCode, name);
  }

  /** POST /api/rooms/:roomId/commands. */
  command(roomId: string, token: string, cmd: Record<string, unknown>): Promise<JsonResponse> {
    return command(this.url, roomId, token, cmd);
  }

  private track<T>(thing: T, undo: (thing: T) => unknown): T {
    this.defer(() => undo(thing));
    return thing;
  }
}

export class ServerFixture extends ServerClients {
  private running: Running | undefined;
  private ownDataDir: string | undefined;
  private db: PgSchema | undefined;
  private redis: RedisPrefix | undefined;
  private replicas: Replica[] = [];
  private childReplicas: SpawnedServer[] = [];
  /** Clients and other things to undo when the current test ends, newest last. */
  private afterTest: Array<() => unknown> = [];
  /** The same for what a `beforeAll` opened: undone when the server stops. */
  private afterFile: Array<() => unknown> = [];
  private inTest = false;
  /** The server settings, as `useServer` gave them until a `restart({ config })` replaces them. */
  private settings: ServerFixtureOptions['config'];

  constructor(private readonly options: ServerFixtureOptions = {}) {
    super();
    this.settings = options.config;
  }

  /** http://127.0.0.1:PORT */
  get url(): string {
    return this.current().url;
  }

  /** The server's DATA_DIR (kept across `restart()`, removed at the end). */
  get dataDir(): string {
    if (!this.ownDataDir) throw new Error('the fixture has not started a server yet');
    return this.ownDataDir;
  }

  /** The in-process Fastify app, for tests that look inside (`app.sync`). */
  get app(): TestServer['app'] {
    const app = this.current().inProcess?.app;
    if (!app) throw new Error('`app` is only there for a server in this process (process: "this")');
    return app;
  }

  /** The child process, for tests that signal it or read its log (process: "child"). */
  get child(): SpawnedServer {
    const child = this.current().child;
    if (!child) throw new Error('`child` is only there for a server in a child process (process: "child")');
    return child;
  }

  /** The PostgreSQL schema of a `postgres+redis` fixture, to query its tables. */
  get database(): PgSchema {
    if (!this.db) throw new Error('no database: this fixture uses storage "sqlite"');
    return this.db;
  }

  /** The Redis prefix of a `postgres+redis` fixture. */
  get bus(): RedisPrefix {
    if (!this.redis) throw new Error('no Redis: this fixture uses storage "sqlite"');
    return this.redis;
  }

  /** Runs `fn` when the current test ends (or, outside a test, when the server stops). */
  defer(fn: () => unknown): void {
    (this.inTest ? this.afterTest : this.afterFile).push(fn);
  }

  /**
   * Runs `open` (synchronous: `doc()`, `raw()`, `defer()`) so that what it opens lives until the server
   * stops: for a scenario that runs once, inside the first test that needs it, read by later tests.
   */
  forFile<T>(open: () => T): T {
    const inTest = this.inTest;
    this.inTest = false;
    try {
      return open();
    } finally {
      this.inTest = inTest;
    }
  }

  /**
   * Another server in this process on the same PostgreSQL schema and Redis prefix, as a second
   * replica behind a load balancer (`storage: 'postgres+redis'` only), with the file's settings and
   * `options` on top (a replica configured apart). Closed with the fixture.
   */
  async replica(options: StartOptions = {}): Promise<Replica> {
    const start = (port?: number): Promise<RunningServer> =>
      startReplica(this.database, this.bus, { ...this.config(), ...options, ...(port === undefined ? {} : { port }) });
    const replica = new Replica(this, await start(), start);
    this.replicas.push(replica);
    return replica;
  }

  /** A replica as a child process, to kill with a signal (`storage: 'postgres+redis'`); killed with the fixture. */
  async spawnReplica(): Promise<SpawnedServer> {
    const child = await spawnServer({ dataDir: this.dataDir, env: { ...this.options.env, ...this.sharedEnv() } });
    this.childReplicas.push(child);
    return child;
  }

  /**
   * Stops the server (a child with `signal`, SIGTERM by default; in-process servers close) and
   * starts it again on the same DATA_DIR and the same port, as a restarted deployment does, so
   * clients that were open reconnect to it. `config` replaces the server settings from this start
   * on (in-process servers), for a restart that changes them.
   */
  async restart(opts: { signal?: NodeJS.Signals; config?: StartOptions } = {}): Promise<void> {
    const before = this.current();
    if (opts.config) this.settings = opts.config;
    this.running = undefined;
    const port = Number(new URL(before.url).port);
    if (before.child) {
      before.child.kill(opts.signal ?? 'SIGTERM');
      await before.child.exited;
    }
    await before.close();
    this.running = await this.launch(port);
  }

  /** Stops the server and keeps its DATA_DIR (to look at what it left on disk); `restart()` starts it again. */
  async halt(): Promise<void> {
    await this.current().close();
  }

  /** Starts the server (the hooks of `useServer` call this). */
  async start(): Promise<void> {
    if (this.options.storage === 'postgres+redis') {
      this.db = await freshSchema();
      this.redis = await freshRedisPrefix();
    }
    this.settings = this.options.config;
    this.ownDataDir = makeTempDir('tributary-test-');
    this.options.prepareDataDir?.(this.ownDataDir);
    this.running = await this.launch();
  }

  /** From here on, what is opened belongs to the test that is starting. */
  beginTest(): void {
    this.inTest = true;
  }

  /**
   * Closes, now, every client the current test has opened so far (and runs what it deferred),
   * newest first: for a test that must see them gone before it goes on, as before a `restart()`
   * they must not ride through.
   */
  async closeOpened(): Promise<void> {
    for (const undo of this.afterTest.splice(0).reverse()) await undo();
  }

  /** Closes every client the current test opened, newest first. */
  async endTest(): Promise<void> {
    this.inTest = false;
    await this.closeOpened();
  }

  /** Closes every client, the server, its replicas and its storage. */
  async stop(): Promise<void> {
    await this.endTest();
    for (const undo of this.afterFile.splice(0).reverse()) await undo();
    for (const replica of this.replicas.splice(0)) await replica.close();
    for (const child of this.childReplicas.splice(0)) {
      child.kill('SIGKILL');
      await child.exited;
    }
    await this.running?.close();
    this.running = undefined;
    await this.db?.drop();
    await this.redis?.drop();
    this.db = undefined;
    this.redis = undefined;
    if (this.ownDataDir) fs.rmSync(this.ownDataDir, { recursive: true, force: true });
    this.ownDataDir = undefined;
  }

  private config(): StartOptions {
    const config = this.settings;
    return typeof config === 'function' ? config(this.dataDir) : { ...config };
  }

  /** Points a child process at the shared PostgreSQL schema and Redis prefix. */
  private sharedEnv(): Record<string, string> {
    return { DATABASE_URL: this.database.url, DATABASE_SCHEMA: this.database.schema, REDIS_URL: this.bus.url, REDIS_PREFIX: this.bus.prefix };
  }

  private current(): Running {
    if (!this.running) throw new Error('the fixture has no server running (use it inside a test or a hook after useServer)');
    return this.running;
  }

  private async launch(port?: number): Promise<Running> {
    const dataDir = this.dataDir;
    const env = { ...this.options.env };
    const shared =
      this.db && this.redis
        ? { databaseUrl: this.db.url, databaseSchema: this.db.schema, redisUrl: this.redis.url, redisPrefix: this.redis.prefix }
        : {};
    if (this.options.process === 'child') {
      if (this.options.serveClient) env.SERVE_CLIENT = '1';
      if (this.db && this.redis) Object.assign(env, this.sharedEnv());
      const child = await spawnServer({ dataDir, env, ...(port === undefined ? {} : { port }) });
      return {
        url: child.url,
        child,
        close: async () => {
          child.kill('SIGKILL');
          await child.exited;
        },
      };
    }
    const config: StartOptions = {
      ...shared,
      ...(this.options.serveClient ? { serveClient: true, clientDir: DIST } : {}),
      ...this.config(),
      ...(port === undefined ? {} : { port }),
    };
    const server = await startTestServer({ dataDir, env, config });
    return { url: server.url, inProcess: server, close: () => server.close() };
  }
}

/**
 * A server `ServerFixture.replica()` started next to the fixture's own, on the same storage and
 * bus. Its clients close with their test, as the fixture server's do; it can go down and come
 * back on its own (`close()`, `restart()`), as one process of a deployment does.
 */
export class Replica extends ServerClients {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly fixture: ServerFixture,
    private server: RunningServer,
    private readonly start: (port?: number) => Promise<RunningServer>,
  ) {
    super();
  }

  get url(): string {
    return this.server.url;
  }

  /** The in-process Fastify app, for tests that look inside (`app.sync`). */
  get app(): RunningServer['app'] {
    return this.server.app;
  }

  defer(fn: () => unknown): void {
    this.fixture.defer(fn);
  }

  /** Stops this replica, storing what it holds; the fixture's server and other replicas go on. Once only. */
  close(): Promise<void> {
    this.closing ??= this.server.close();
    return this.closing;
  }

  /** Stops it and starts it again on the same port and storage, so clients that were open reconnect to it. */
  async restart(): Promise<void> {
    await this.close();
    this.server = await this.start(this.server.port);
    this.closing = undefined;
  }
}

/**
 * A real server for this test file (see `ServerFixture`), started before the tests (each test
 * with `per: 'test'`) and stopped after them; clients a test opens through it close after it.
 */
export function useServer(options: ServerFixtureOptions = {}): ServerFixture {
  const fixture = new ServerFixture(options);
  if (options.per === 'test') {
    beforeEach(async () => {
      await fixture.start();
      fixture.beginTest();
    });
    afterEach(() => fixture.stop());
  } else {
    beforeAll(() => fixture.start());
    beforeEach(() => fixture.beginTest());
    afterEach(() => fixture.endTest());
    afterAll(() => fixture.stop());
  }
  return fixture;
}

/**
 * One Chromium for a browser test file. Contexts opened inside a test close after it; those
 * opened in a `beforeAll` live until the file ends, when the browser closes.
 */
export class BrowserFixture {
  private browserPromise: Promise<Browser> | undefined;
  private inTest = false;
  private testContexts: BrowserContext[] = [];

  /** The browser, launched on first use. */
  browser(): Promise<Browser> {
    this.browserPromise ??= launchChromium();
    return this.browserPromise;
  }

  /** A phone: 390x844, touch (see `phoneContext`). */
  async phone(options: Parameters<typeof phoneContext>[1] = {}): Promise<BrowserContext> {
    return this.keep(await phoneContext(await this.browser(), options));
  }

  /** A laptop: 1280x800. */
  async laptop(): Promise<BrowserContext> {
    return this.keep(await laptopContext(await this.browser()));
  }

  /** Any other context (a projector, a custom viewport), closed as `phone()` and `laptop()` are. */
  async context(make: (browser: Browser) => Promise<BrowserContext>): Promise<BrowserContext> {
    return this.keep(await make(await this.browser()));
  }

  /** @internal hooks */
  beginTest(): void {
    this.inTest = true;
  }

  /** @internal hooks */
  async endTest(): Promise<void> {
    this.inTest = false;
    for (const context of this.testContexts.splice(0)) await context.close().catch(() => undefined);
  }

  /** @internal hooks */
  async close(): Promise<void> {
    await this.endTest();
    const launched = this.browserPromise;
    this.browserPromise = undefined;
    if (launched) await (await launched).close();
  }

  private keep(context: BrowserContext): BrowserContext {
    if (this.inTest) this.testContexts.push(context);
    return context;
  }
}

/** Chromium for this test file (see `BrowserFixture`); closed after the last test. */
export function useBrowser(): BrowserFixture {
  const fixture = new BrowserFixture();
  beforeEach(() => fixture.beginTest());
  afterEach(() => fixture.endTest());
  afterAll(() => fixture.close());
  return fixture;
}
