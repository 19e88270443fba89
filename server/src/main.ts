import { configFromEnv } from './config.ts';
import { startServer } from './index.ts';

/**
 * `npm start`: reads PORT, HOST, DATA_DIR (and the rest of README "Configuration"), starts,
 * and on SIGTERM/SIGINT stops accepting, stores everything, closes sockets and exits 0.
 */
const config = configFromEnv();
const server = await startServer(config);
server.app.log.info({ url: server.url, dataDir: config.dataDir }, 'Tributary listening');
if (process.stdout.isTTY) {
  // For a person at a terminal, one plain line among the JSON logs.
  const shown = config.host === '0.0.0.0' || config.host === '::' ? `http://localhost:${server.port}` : server.url;
  process.stdout.write(`\nTributary is running. Open ${shown} in a browser. Press Ctrl+C to stop.\n\n`);
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  server.app.log.info({ signal }, 'shutting down');
  const watchdog = setTimeout(() => {
    server.app.log.error('shutdown took too long; exiting');
    process.exit(1);
  }, 15_000);
  watchdog.unref();
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    server.app.log.error({ err: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
