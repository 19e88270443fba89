import { describe, expect, test } from 'vitest';
import type { StartOptions } from '../../server/src/index.ts';
import { SqliteStorage } from '../../server/src/storage/sqlite.ts';
import type { Storage } from '../../server/src/storage/types.ts';
import { waitFor } from '../helpers/clients.ts';
import { useServer } from '../helpers/fixture.ts';
import { assertBuilt, rawGet } from '../helpers/wire.ts';

// Health probes (docs/API.md "Health"): /livez says the process is up, /readyz that it can take
// work (storage and bus reachable, not shutting down). Neither is ever the app's HTML.

/**
 * Real SQLite whose ping can be made to fail (the database gone away), and whose document loads
 * can be held (so a shutdown waits on them: the sync core finishes loading rooms before it stores them).
 */
function controllableStorage(dataDir: string) {
  const real = new SqliteStorage(dataDir);
  let down = false;
  let hold: { release(): void; promise: Promise<void> } | null = null;
  let loadsWaiting = 0;
  const storage: Storage = Object.assign(Object.create(real) as Storage, {
    ping: async () => {
      if (down) throw new Error('database unreachable (simulated)');
      return real.ping();
    },
    loadDoc: async (...args: Parameters<Storage['loadDoc']>) => {
      if (hold) {
        loadsWaiting++;
        await hold.promise;
      }
      return real.loadDoc(...args);
    },
  });
  return {
    storage,
    setDown: (on: boolean) => (down = on),
    holdLoads() {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      hold = { promise, release: () => ((hold = null), release()) };
      return hold;
    },
    loadsWaiting: () => loadsWaiting,
  };
}

/** A server for the tests of this describe on a `controllableStorage`; `control()` is its switch. */
function useControlledServer(config: StartOptions = {}) {
  let control: ReturnType<typeof controllableStorage> | undefined;
  const server = useServer({
    config: (dataDir) => {
      control = controllableStorage(dataDir);
      return { ...config, storage: control.storage };
    },
  });
  return { server, control: () => control! };
}

describe('/livez and /readyz', () => {
  describe('with the app served', () => {
    const server = useServer({ serveClient: true });
    test('answer JSON with 200 while all is well, with the app served too (never its page)', async () => {
      assertBuilt();
      // A browser's navigation Accept header: still the probe, not the page.
      for (const accept of ['*/*', 'text/html,*/*;q=0.8']) {
        const live = await rawGet(`${server.url}/livez`, { accept });
        expect(live.status).toBe(200);
        expect(live.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(live.body.toString('utf8'))).toEqual({ status: 'ok' });
        const ready = await rawGet(`${server.url}/readyz`, { accept });
        expect(ready.status).toBe(200);
        expect(ready.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(ready.body.toString('utf8'))).toEqual({ status: 'ready', storage: 'ok', bus: 'local' });
      }
    });

    test('any other unknown path asked without text/html is a 404, not the page; a browser still gets the page', async () => {
      assertBuilt();
      for (const url of ['/statusz', '/health', '/room/abc']) {
        const probe = await rawGet(server.url + url, { accept: '*/*' });
        expect(probe.status, url).toBe(404);
        expect(JSON.parse(probe.body.toString('utf8')).code).toBe('TRIB_NOT_FOUND');
      }
      const page = await rawGet(`${server.url}/room/abc`, { accept: 'text/html' });
      expect(page.status).toBe(200);
      expect(page.body.toString('utf8')).toContain('<div id="root">');
    });

  });

  describe('storage down', () => {
    const { server, control: switchOf } = useControlledServer();
    test('/readyz answers 503 while storage is unreachable, and 200 again once it is back; /livez stays 200', async () => {
      const control = switchOf();

      control.setDown(true);
      const ready = await rawGet(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body.toString('utf8'))).toEqual({ status: 'not-ready', storage: 'down', bus: 'local' });
      expect((await rawGet(`${server.url}/healthz`)).status).toBe(503);
      const live = await rawGet(`${server.url}/livez`);
      expect(live.status).toBe(200);

      control.setDown(false);
      expect((await rawGet(`${server.url}/readyz`)).status).toBe(200);
    });

  });

  describe('shutting down', () => {
    const { server, control: switchOf } = useControlledServer({ unloadAfterMs: 0 });
    test('/readyz answers 503 while the server shuts down; /livez too, as the process is on its way out', async () => {
      const control = switchOf();
      const room = await server.room('Shutting down');
      expect((await rawGet(`${server.url}/readyz`)).status).toBe(200);
      await waitFor(() => !server.app.sync.isLoaded(room.roomId), 10_000, 'the new room to be unloaded');

      // A room that is still loading holds the shutdown open (it is stored before sockets close).
      const hold = control.holdLoads();
      server.doc(room.roomId, 'board', room.facilitatorToken);
      await waitFor(() => control.loadsWaiting() > 0, 10_000, 'the room to start loading');
      const closing = server.halt();
      try {
        let last: Awaited<ReturnType<typeof rawGet>> | undefined;
        await waitFor(
          async () => (last = await rawGet(`${server.url}/readyz`)).status === 503,
          10_000,
          '/readyz to answer 503 during shutdown',
        );
        expect(last!.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(last!.body.toString('utf8')).statusCode).toBe(503);
        expect((await rawGet(`${server.url}/livez`)).status).toBe(503);
      } finally {
        hold.release();
        await closing;
      }
    });
  });
});
