import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { defaultConfig, type ServerConfig } from './config.ts';
import type { Storage } from './storage/types.ts';

export { buildApp } from './app.ts';
export { configFromEnv, defaultConfig, type ServerConfig } from './config.ts';

export interface StartOptions extends Partial<Omit<ServerConfig, 'rateLimit' | 'board'>> {
  rateLimit?: Partial<ServerConfig['rateLimit']>;
  board?: Partial<ServerConfig['board']>;
  storage?: Storage;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port`, with a loopback host when listening on every interface. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a server (tests use port 0). Resolves once it accepts connections. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const base = defaultConfig();
  const { storage, rateLimit, board, ...rest } = options;
  const config: ServerConfig = { ...base, ...rest, rateLimit: { ...base.rateLimit, ...rateLimit }, board: { ...base.board, ...board } };
  const app = await buildApp(config, storage ? { storage } : {});
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host}:${port}`, port, close: () => app.close() };
}
