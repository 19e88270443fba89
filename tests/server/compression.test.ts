import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { configFromEnv } from '../../server/src/config.ts';
import type { StartOptions } from '../../server/src/index.ts';
import { useServer, type ServerFixture } from '../helpers/fixture.ts';
import { assertBuilt, DIST, rawGet, variesOnEncoding } from '../helpers/wire.ts';

// What goes over the wire (issue 17): the build's own brotli and gzip copies of every file, JSON
// answers and exports over 1 KiB compressed per request, cache headers, and COMPRESSION=0 turning
// all of it off. Against the real build in client/dist (`npm run build`), copied with a service
// worker and a web app manifest beside it, as a later build step would write them.

const BR_GZIP = { 'accept-encoding': 'br, gzip' };
const GZIP = { 'accept-encoding': 'gzip' };
const AS_PAGE = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

interface Manifest {
  [key: string]: { file: string; isEntry?: boolean; css?: string[] };
}

/** A copy of the build in `dir` with what a later build step adds: /sw.js and /manifest.webmanifest (not pre-compressed). */
function clientDirWithWorker(dir: string): { dir: string; entryJs: string; css: string } {
  assertBuilt();
  fs.cpSync(DIST, dir, { recursive: true });
  // A worker about the size of a small one: large enough that compressing it pays.
  fs.writeFileSync(path.join(dir, 'sw.js'), `self.addEventListener('fetch', () => {});\n${'// precache list\n'.repeat(200)}`);
  fs.writeFileSync(path.join(dir, 'manifest.webmanifest'), JSON.stringify({ name: 'Tributary', start_url: '/', display: 'standalone' }));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = Object.values(manifest).find((m) => m.isEntry)!;
  const css = Object.values(manifest).flatMap((m) => m.css ?? [])[0]!;
  expect(css, 'the build has a CSS file').toBeTruthy();
  return { dir, entryJs: entry.file, css };
}

/** A room whose JSON export is well over 1 KiB: a dozen notes of a couple of hundred characters. */
async function roomWithNotes(server: ServerFixture, title: string) {
  const room = await server.room(title);
  for (let i = 0; i < 12; i++) {
    const posted = await server.request('POST', `/api/rooms/${room.roomId}/notes`, {
      token: room.facilitatorToken,
      body: { text: `Note ${i}: somewhere warm to go in the day, and someone who listens without a form to fill in first. ${'café '.repeat(20)}` },
    });
    expect(posted.status, posted.text).toBe(201);
  }
  return room;
}

/** A server of this describe's own, serving a `clientDirWithWorker` copy kept in its DATA_DIR (removed with it). */
function useServerWithWorker(config: StartOptions = {}) {
  let client: ReturnType<typeof clientDirWithWorker> | undefined;
  const server = useServer({
    config: (dataDir) => {
      client = clientDirWithWorker(path.join(dataDir, 'client'));
      return { ...config, serveClient: true, clientDir: client.dir };
    },
  });
  return { server, client: () => client! };
}

describe('compression on (the default)', () => {
  const { server, client: built } = useServerWithWorker();
  let client: ReturnType<typeof clientDirWithWorker>;
  beforeAll(() => {
    client = built();
  });

  test('COMPRESSION is on unless set to 0', () => {
    expect(configFromEnv({}).compression).toBe(true);
    expect(configFromEnv({ COMPRESSION: '1' }).compression).toBe(true);
    expect(configFromEnv({ COMPRESSION: '0' }).compression).toBe(false);
  });

  test("index.html, JavaScript and CSS go out as the build's brotli copy, or its gzip copy, or as they are", async () => {
    for (const [url, file] of [
      ['/', 'index.html'],
      [`/${client.entryJs}`, client.entryJs],
      [`/${client.css}`, client.css],
    ] as const) {
      const original = fs.readFileSync(path.join(client.dir, file));
      const br = await rawGet(server.url + url, BR_GZIP);
      expect(br.status, url).toBe(200);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(variesOnEncoding(br.headers), `${url} Vary: ${br.headers.vary}`).toBe(true);
      // The very bytes the build wrote, not a compression made per request.
      expect(br.wire.equals(fs.readFileSync(path.join(client.dir, `${file}.br`))), `${url} is the build's .br`).toBe(true);
      expect(Number(br.headers['content-length'])).toBe(br.wire.length);
      expect(br.body.equals(original), `${url} decodes to the file`).toBe(true);
      expect(br.wire.length).toBeLessThan(original.length);

      const gz = await rawGet(server.url + url, GZIP);
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(variesOnEncoding(gz.headers)).toBe(true);
      expect(gz.wire.equals(fs.readFileSync(path.join(client.dir, `${file}.gz`))), `${url} is the build's .gz`).toBe(true);
      expect(gz.body.equals(original)).toBe(true);

      for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }] as Record<string, string>[]) {
        const plain = await rawGet(server.url + url, headers);
        expect(plain.headers['content-encoding'], `${url} with ${JSON.stringify(headers)}`).toBeUndefined();
        expect(plain.wire.equals(original)).toBe(true);
        // The plain answer differs by Accept-Encoding too: a cache must not hand it to a browser that takes brotli.
        expect(variesOnEncoding(plain.headers)).toBe(true);
      }
    }
  });

  test('hashed assets are kept for a year; the page, /sw.js and /manifest.webmanifest are asked again each time', async () => {
    const asset = await rawGet(`${server.url}/${client.entryJs}`, BR_GZIP);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/room/abc', '/join/ABC123']) {
      const page = await rawGet(server.url + url, { ...AS_PAGE, ...BR_GZIP });
      expect(page.status, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-encoding'], url).toBe('br');
      expect(page.body.toString('utf8')).toContain('<div id="root">');
    }
    const worker = await rawGet(`${server.url}/sw.js`, BR_GZIP);
    expect(worker.status).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    // Written after the build's compression step: compressed as it is sent instead.
    expect(worker.headers['content-encoding']).toBe('br');
    expect(worker.body.equals(fs.readFileSync(path.join(client.dir, 'sw.js')))).toBe(true);
    const manifest = await rawGet(`${server.url}/manifest.webmanifest`, BR_GZIP);
    expect(manifest.status).toBe(200);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
  });

  test('a missing asset is a 404, not the page', async () => {
    const missing = await rawGet(`${server.url}/assets/gone-1234.js`, { ...AS_PAGE, ...BR_GZIP });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/json/);
  });

  test('JSON answers over 1 KiB and exports are compressed, with their Content-Disposition; small answers are not', async () => {
    const room = await roomWithNotes(server, 'Café');
    const auth = { authorization: `Bearer ${room.facilitatorToken}` };
    const json = await rawGet(`${server.url}/api/rooms/${room.roomId}/export?format=json`, { ...auth, ...BR_GZIP });
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('br');
    expect(variesOnEncoding(json.headers)).toBe(true);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="tributary-Cafe.json"; filename*=UTF-8''tributary-Caf%C3%A9.json`);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.wire.length).toBeLessThan(json.body.length / 2);
    expect(JSON.parse(json.body.toString('utf8')).title).toBe('Café');

    for (const format of ['csv', 'md']) {
      const file = await rawGet(`${server.url}/api/rooms/${room.roomId}/export?format=${format}`, { ...auth, ...GZIP });
      expect(file.headers['content-encoding'], format).toBe('gzip');
      expect(file.headers['content-disposition'], format).toContain(`filename*=UTF-8''tributary-Caf%C3%A9.${format}`);
      expect(file.body.toString('utf8')).toContain('someone who listens');
    }

    const plain = await rawGet(`${server.url}/api/rooms/${room.roomId}/export?format=json`, auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.wire.toString('utf8')).title).toBe('Café');

    const time = await rawGet(`${server.url}/api/time`, BR_GZIP);
    expect(time.status).toBe(200);
    expect(time.wire.length).toBeLessThan(1024);
    expect(time.headers['content-encoding']).toBeUndefined();
  });

  test('a compressed request body is not decompressed: it fails as the JSON it is not', async () => {
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ title: 'Zipped' })),
    });
    expect(res.status).toBe(400);
  });

  test('a websocket upgrade from a client that accepts br and gzip syncs as ever', async () => {
    const room = await server.room('Upgrade');
    const url = `${server.wsUrl}/yjs/${room.roomId}/board?token=${encodeURIComponent(room.facilitatorToken)}`;
    const socket = new WebSocket(url, { headers: BR_GZIP });
    try {
      const upgrade = await new Promise<{ encoding: string | undefined }>((resolve, reject) => {
        socket.once('upgrade', (res) => resolve({ encoding: res.headers['content-encoding'] }));
        socket.once('error', reject);
      });
      expect(upgrade.encoding).toBeUndefined();
      // The first frame is a y-websocket message (sync 0 or awareness 1), not compressed bytes.
      const frame = await new Promise<Buffer>((resolve) => socket.once('message', (data: Buffer) => resolve(data)));
      expect([0, 1]).toContain(frame[0]);
    } finally {
      socket.close();
    }
    const board = server.doc(room.roomId, 'board', room.facilitatorToken, { doc: new Y.Doc() });
    await board.synced;
  });
});

describe('COMPRESSION=0: the same build, nothing compressed (the baseline of `npm run bench:phone`)', () => {
  const { server, client: built } = useServerWithWorker({ compression: configFromEnv({ COMPRESSION: '0' }).compression });
  let client: ReturnType<typeof clientDirWithWorker>;
  beforeAll(() => {
    client = built();
  });

  test('files, pages and JSON go out as they are, whatever the browser accepts', async () => {
    for (const [url, file] of [
      ['/', 'index.html'],
      [`/${client.entryJs}`, client.entryJs],
      [`/${client.css}`, client.css],
      ['/sw.js', 'sw.js'],
    ] as const) {
      const reply = await rawGet(server.url + url, BR_GZIP);
      expect(reply.status, url).toBe(200);
      expect(reply.headers['content-encoding'], url).toBeUndefined();
      expect(reply.wire.equals(fs.readFileSync(path.join(client.dir, file))), url).toBe(true);
    }
    // The caching rules do not depend on compression.
    expect((await rawGet(`${server.url}/${client.entryJs}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawGet(`${server.url}/room/abc`, AS_PAGE)).headers['cache-control']).toBe('no-cache');

    const room = await roomWithNotes(server, 'Café');
    const json = await rawGet(`${server.url}/api/rooms/${room.roomId}/export?format=json`, { authorization: `Bearer ${room.facilitatorToken}`, ...BR_GZIP });
    expect(json.status).toBe(200);
    expect(json.wire.length).toBeGreaterThan(1024);
    expect(json.headers['content-encoding']).toBeUndefined();
    expect(json.headers['content-disposition']).toContain(`filename*=UTF-8''tributary-Caf%C3%A9.json`);
  });
});
