import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../server/src/index.ts';
import { ROOT_DIR } from './paths.ts';

export { ROOT_DIR };

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  dataDir: string;
  /** The Fastify app, for tests that look inside (the live room documents: `app.sync`). */
  app: RunningServer['app'];
  close(): Promise<void>;
}

export function makeTempDir(prefix = 'tributary-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function toWsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
}

/**
 * Runs the real server in this process on a free port. With no `dataDir`, a fresh temp dir is
 * used and removed on close; a caller's own `dataDir` is left in place (restart tests reuse it).
 * `env` is applied to `process.env` for the server's lifetime (each test file runs in its own
 * worker, so this does not leak between files) and restored on close. `config` overrides the
 * server's settings (e.g. `databaseUrl`, `databaseSchema`, `redisUrl`, `redisPrefix` for
 * scale-out tests).
 */
export async function startTestServer(opts: { dataDir?: string; env?: Record<string, string>; config?: StartOptions } = {}): Promise<TestServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? makeTempDir();
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  const restoreEnv = (): void => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    saved.clear();
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', serveClient: false, ...opts.config });
  } catch (err) {
    restoreEnv();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = server.url.replace(/\/+$/, '');
  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: toWsUrl(url),
    dataDir,
    app: server.app,
    close() {
      closing ??= (async () => {
        try {
          await server.close();
        } finally {
          restoreEnv();
          if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}

export interface SpawnedServer {
  url: string;
  wsUrl: string;
  proc: ChildProcess;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `server/src/main.ts` as a child process (for SIGKILL/SIGTERM tests) and waits for its
 * `"msg":"Tributary listening"` log line, which carries the `url`.
 */
export async function spawnServer(opts: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<SpawnedServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    SERVE_CLIENT: '0',
    LOG_LEVEL: 'info',
    ...opts.env,
  };
  // The parent may be running under Vitest; its NODE_OPTIONS must not leak into the child.
  delete env.NODE_OPTIONS;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // Readiness is a condition (the "listening" line), so a generous limit costs nothing when
  // start-up is quick; under load a fresh PostgreSQL schema (the Kysely migrations) took over 20 s.
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const fail = (why: string): void => {
      cleanup();
      reject(new Error(`spawnServer: ${why}. Output so far:\n${out}`));
    };
    const onStdout = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      out += text;
      buffered += text;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.includes('Tributary listening')) continue;
        try {
          const parsed = JSON.parse(line) as { msg?: unknown; url?: unknown };
          if (parsed.msg === 'Tributary listening' && typeof parsed.url === 'string') {
            cleanup();
            resolve(parsed.url.replace(/\/+$/, ''));
            return;
          }
        } catch {
          // not a JSON line: keep waiting
        }
      }
    };
    const onStderr = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the server exited (code ${code}, signal ${signal}) before it was listening`);
    const onError = (err: Error): void => fail(`could not start the server: ${err.message}`);
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      fail(`no "Tributary listening" line within ${timeoutMs} ms`);
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.stdout?.off('data', onStdout);
      proc.off('exit', onExit);
      proc.off('error', onError);
    };
    proc.stdout?.on('data', onStdout);
    proc.stderr?.on('data', onStderr);
    proc.once('exit', onExit);
    proc.once('error', onError);
  });
  // Keep collecting output after startup (useful in failure messages), without blocking the pipe.
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  return {
    url,
    wsUrl: toWsUrl(url),
    proc,
    output: () => out,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    exited,
  };
}

// Response bodies are whatever the server sent; tests assert on their shape.
export type Json = any;

export interface JsonResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** fetch + parse JSON (body is `undefined` when the response is empty or not JSON). */
export async function request<T = Json>(
  baseUrl: string,
  method: string,
  pathname: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  // A connection per request: tests restart servers on the same port, and a kept-alive socket to
  // the server that just closed can be handed the next request ("other side closed").
  const headers: Record<string, string> = { connection: 'close', ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(baseUrl + pathname, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed as T, headers: res.headers, text };
}

export interface CreatedRoom {
  roomId: string;
  joinCode: string;
  facilitatorToken: string;
  links: { join: string; facilitator: string; presenter: string };
}

/** POST /api/rooms. */
export function createRoom(baseUrl: string, body: Record<string, unknown> = { title: 'Test room' }): Promise<JsonResponse<CreatedRoom>> {
  return request<CreatedRoom>(baseUrl, 'POST', '/api/rooms', { body });
}

/** POST /api/join. */
export function join(
  baseUrl: string,
  joinCode: string,
  name?: string,
): Promise<JsonResponse<{ roomId: string; participantToken: string }>> {
  return request(baseUrl, 'POST', '/api/join', { body: name === undefined ? { joinCode } : { joinCode, name } });
}

/** Creates a room and fails loudly unless the server answers 201. */
export async function mustCreateRoom(baseUrl: string, title = 'Test room'): Promise<CreatedRoom> {
  const res = await createRoom(baseUrl, { title });
  if (res.status !== 201) throw new Error(`POST /api/rooms answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Joins a room and returns the participant token, failing loudly unless the server answers 200. */
export async function mustJoin(baseUrl: string, joinCode: string, name?: string): Promise<string> {
  const res = await join(baseUrl, joinCode, name);
  if (res.status !== 200) throw new Error(`POST /api/join answered ${res.status}: ${res.text}`);
  return res.body.participantToken;
}

/** POST /api/rooms/:roomId/commands. */
export function command(baseUrl: string, roomId: string, token: string, cmd: Record<string, unknown>): Promise<JsonResponse> {
  return request(baseUrl, 'POST', `/api/rooms/${encodeURIComponent(roomId)}/commands`, { token, body: cmd });
}
