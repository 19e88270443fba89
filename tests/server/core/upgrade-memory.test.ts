// Builds its own server (not the fixture's): its hook on the upgrades must be added before listen.
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, expect, test } from 'vitest';
import { buildApp, defaultConfig } from '../../../server/src/index.ts';
import { FACILITATOR_WRITER, noteText, writeNote } from '../../helpers/board.ts';
import { connectDoc, pace, waitFor, type DocClient } from '../../helpers/clients.ts';
import { makeTempDir, mustCreateRoom, toWsUrl } from '../../helpers/server.ts';

// An idle connection should cost the server its socket and its session, not the HTTP request
// that upgraded it (server/src/routes/yjs.ts, releaseUpgradeRequest). bench:server's 1,500 idle
// connections held 10.4 KiB of heap each while @fastify/websocket's request, reply and response
// stayed reachable from the socket, 6.1 KiB once released.

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Collects until every reference is gone or the attempts run out; returns those still alive. */
async function survivors(refs: Array<{ what: string; ref: WeakRef<object> }>): Promise<string[]> {
  let alive: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    collectGarbage();
    alive = refs.filter(({ ref }) => ref.deref() !== undefined).map(({ what }) => what);
    if (alive.length === 0) break;
    await pace(20);
  }
  return alive;
}

test('an open websocket keeps nothing of the HTTP request that upgraded it, and keeps working', async () => {
  // buildApp, not startTestServer: the hook that watches the upgrades must be added before listen.
  const dataDir = makeTempDir();
  const app = await buildApp({ ...defaultConfig(), dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', serveClient: false });
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => app.close());
  const upgrades: Array<{ what: string; ref: WeakRef<object> }> = [];
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/yjs/')) return;
    upgrades.push(
      { what: 'Fastify request', ref: new WeakRef(request) },
      { what: 'Fastify reply', ref: new WeakRef(reply) },
      { what: 'http.ServerResponse', ref: new WeakRef(reply.raw) },
    );
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const room = await mustCreateRoom(base);

  const clients: DocClient[] = [];
  for (let i = 0; i < 2; i++) {
    const client = connectDoc(toWsUrl(base), room.roomId, 'board', room.facilitatorToken);
    cleanups.push(() => client.destroy());
    clients.push(client);
  }
  await Promise.all(clients.map((client) => client.synced));
  expect(upgrades.length).toBe(6);

  expect(await survivors(upgrades)).toEqual([]);

  // The sockets are still live after the request is gone: an edit reaches the other client.
  const [a, b] = clients as [DocClient, DocClient];
  const note = writeNote(a.doc, FACILITATOR_WRITER, { text: 'still here' });
  await waitFor(() => noteText(b.doc, note) === 'still here', 5_000, 'the edit');
});
