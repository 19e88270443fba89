import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../../server/src/index.ts';
import { SqliteStorage } from '../../../server/src/storage/sqlite.ts';
import type { Storage } from '../../../server/src/storage/types.ts';
import { closedWithin, connectDoc, rawSocket } from '../../helpers/clients.ts';
import { makeTempDir, mustCreateRoom, toWsUrl } from '../../helpers/server.ts';

// Frames that arrive while the server is still checking the token wait in line. Nobody is
// known yet, so that line is bounded like any connection's queue: a client cannot make the
// server hold megabytes by sending before it is let in (a busy database makes that wait long).

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** A server whose token lookups all wait until `release` is called: a database stuck busy. */
async function heldLookupServer(): Promise<{ server: RunningServer; release(): void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const dataDir = makeTempDir();
  open.push({ close: () => fs.rmSync(dataDir, { recursive: true, force: true }) });
  const real = new SqliteStorage(dataDir);
  const slow: Storage = Object.assign(Object.create(real) as Storage, {
    findToken: async (...args: Parameters<Storage['findToken']>) => {
      await released;
      return real.findToken(...args);
    },
  });
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    serveClient: false,
    dataDir,
    storage: slow,
  });
  open.push(server);
  // Released before the server closes (cleanup runs in reverse), even when the test fails early.
  open.push({ close: () => release() });
  return { server, release };
}

describe('frames sent before the token is checked', () => {
  test('a flood before authentication is closed with 4429; a normal client still gets in', async () => {
    const { server, release } = await heldLookupServer();
    const room = await mustCreateRoom(server.url);
    const url = `${toWsUrl(server.url)}/yjs/${room.roomId}/board?token=${room.facilitatorToken}`;
    const flooder = rawSocket(url);
    open.push({ close: () => flooder.ws.terminate() });
    await flooder.opened;
    // A sync step 1 with an empty state vector, many times over, all while the lookup is held.
    const frame = new Uint8Array([0, 0, 1, 0]);
    for (let i = 0; i < 5000; i++) flooder.ws.send(frame);
    // Closed while the lookup is still running, not after it (when the connection's own queue
    // would also refuse the backlog): nothing unbounded was held in the meantime.
    const closed = await closedWithin(flooder, 5000, 'pre-auth flood');
    expect(closed.code).toBe(4429);

    release();
    const person = connectDoc(toWsUrl(server.url), room.roomId, 'board', room.facilitatorToken);
    open.push({ close: () => person.destroy() });
    await person.synced;
  });
});
