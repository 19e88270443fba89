import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants as zlib } from 'node:zlib';
import { VitePWA } from 'vite-plugin-pwa';
import { tributaryMessages } from './scripts/viteMessages.ts';
import { roomViewFiles } from './scripts/viteRoomViewFiles.ts';
import { phonePathFiles } from './scripts/measure-bundle.mjs';

// The client lives in client/; the server serves client/dist from the same port in production.
// In development (`npm run dev`) Vite proxies the API and the websocket to the server.
const serverPort = Number(process.env.PORT ?? 8080);

/**
 * yjs imports `lib0/logging` only for three console messages (print and warn with colour
 * markers). In the browser that module pulls lib0/dom and lib0/schema with it, about 5 kB
 * gzipped on every phone. This plugin swaps it for a console-backed module with the same
 * exports yjs uses; the messages still reach the console, without the colour styling.
 */
function lightLib0Logging(): Plugin {
  const id = '\0tributary:lib0-logging';
  return {
    name: 'tributary:light-lib0-logging',
    apply: 'build',
    enforce: 'pre',
    resolveId(source) {
      return source === 'lib0/logging' ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      return [
        "const marker = (name) => Symbol(name);",
        "export const BOLD = marker('bold'), UNBOLD = marker('unbold'), BLUE = marker('blue'), GREY = marker('grey'),",
        "  GREEN = marker('green'), RED = marker('red'), PURPLE = marker('purple'), ORANGE = marker('orange'), UNCOLOR = marker('uncolor');",
        "const text = (args) => args.filter((a) => typeof a !== 'symbol');",
        "export const print = (...args) => console.log(...text(args));",
        "export const warn = (...args) => console.warn(...text(args));",
        "export const printError = (err) => console.error(err);",
      ].join('\n');
    },
  };
}

/**
 * y-websocket imports `lib0/broadcastchannel` to sync tabs of the same browser, but every provider
 * this client makes passes `disableBc: true` (client/src/sync/RoomClient.ts): the server is the
 * only peer. With it off, y-websocket never calls the module, so the build swaps it (about 0.4 kB
 * gzipped on every phone) for one that fails loudly if a provider ever turns it back on.
 */
function noBroadcastChannel(): Plugin {
  const id = '\0tributary:no-broadcastchannel';
  return {
    name: 'tributary:no-broadcastchannel',
    apply: 'build',
    enforce: 'pre',
    resolveId(source) {
      return source === 'lib0/broadcastchannel' ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      return [
        "const off = () => { throw new Error('BroadcastChannel sync is not in this build: create providers with disableBc: true'); };",
        'export const subscribe = off, unsubscribe = off, publish = off;',
      ].join('\n');
    },
  };
}

/**
 * `lib0/environment` (imported by yjs, y-websocket and lib0/buffer) reads command-line arguments,
 * query parameters and localStorage settings at start-up, for Node and for debugging flags
 * (`?node-env=development` turns on yjs' development checks). The client build needs none of
 * that: this swaps it for the browser answers (not Node, no parameters or settings), about
 * 0.6 kB gzipped less on every phone. Same exports, so a new import of a missing one fails the build.
 */
function browserLib0Environment(): Plugin {
  const id = '\0tributary:lib0-environment';
  return {
    name: 'tributary:browser-lib0-environment',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'lib0/environment') return id;
      if (source === './environment.js' && importer && /[\\/]node_modules[\\/]lib0[\\/]/.test(importer)) return id;
      return null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      return [
        'export const isNode = false;',
        "export const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';",
        "export const isMac = typeof navigator !== 'undefined' ? /Mac/.test(navigator.platform) : false;",
        'export const hasParam = () => false;',
        'export const getParam = (name, defaultVal) => defaultVal;',
        'export const getVariable = () => null;',
        'export const getConf = () => null;',
        "export const ensureConf = (name) => { throw new Error('Expected configuration ' + name); };",
        'export const hasConf = () => false;',
        'export const production = false;',
        'export const supportsColor = false;',
      ].join('\n');
    },
  };
}

/**
 * Every file the build writes (index.html, JavaScript, CSS) also as `.br` and `.gz` beside it, at
 * the highest levels: done once per build, not per request. The server sends the copy the browser
 * accepts (server/src/routes/client.ts, @fastify/static `preCompressed`); COMPRESSION=0 sends
 * neither. A copy no smaller than its file is not written (the server then sends the file).
 * The manifest under .vite/ is for scripts/measure-bundle.mjs, never served. vite-plugin-compression2
 * works with Vite 8's Rolldown build (it hooks the native manifest plugin); a file that another
 * plugin writes after it (a service worker generated at closeBundle) gets no copy here and is
 * compressed by the server as it is sent instead (tests/server/compression.test.ts checks both).
 */
function precompressed(): Plugin {
  return compression({
    exclude: [/(^|[\\/])\.vite[\\/]/],
    algorithms: [
      defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }),
      defineAlgorithm('gzip', { level: zlib.Z_BEST_COMPRESSION }),
    ],
  });
}

/**
 * The live room: the Yjs stack and the client's sync layer (with the few view helpers every room
 * view shares), which the participant, presenter and facilitator views use and the join and home
 * pages never load. Left to itself the bundler cuts this into many small chunks, one per set of
 * views that imports a piece (the client, the schema, control state, mutations, hooks…); each is
 * a separate gzip stream with its own import lists, which cost a phone about 2 kB gzipped. As one
 * chunk it costs the facilitator's screen less than 1 kB it may not use yet.
 * What the join and home pages share with the room (session, API, the note record, Button) stays
 * out, so they never fetch the room: tests/e2e/build-size.test.ts checks they carry no Yjs. So do
 * the facilitator's own pieces (control/methodStarts, control/wordFilter, board/queries for the
 * editor), which a group would otherwise put in every phone's room chunk.
 */
const LIVE_ROOM = new RegExp(
  [
    String.raw`^\0tributary:`, // the lib0 swaps above
    String.raw`[\\/]node_modules[\\/](yjs|lib0|y-websocket|y-protocols|y-indexeddb)[\\/]`,
    String.raw`[\\/]client[\\/]src[\\/]sync[\\/](RoomClient|boardStore|boardRights|refusalLabel|reconnect|serverClock)\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]hooks[\\/](useRoom|useRoomClient)\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]ui[\\/](Timer|timerSpeech)\.tsx?$`,
    String.raw`[\\/]client[\\/]src[\\/]views[\\/]participant[\\/](liveRoom|votingList|useMyBallot)\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/](ids|origins)\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/]board[\\/](schema|mutations|rules)\.ts$`,
  ].join('|'),
);

/**
 * What every page loads beside the entry, and the join page shares with the room view: React and
 * the i18n library, which the entry imports; the session, the API, the note record, Button and the
 * language picker, which both the join page and the phone view import; Vite's preload helper.
 * Left to itself the bundler makes these nine chunks on the phone's first load (0.1 to 5.7 kB), one
 * per set of pages that imports a piece, each with its own import and export lists; as one chunk
 * the phone's first load is 1.6 kB smaller and with its parts 2 kB (brotli, `npm run bench:size`),
 * and the join page, which loads all of them, fetches one file, not nine. The few bytes in it the join page does not use (can this
 * device read aloud, the picture note's test) are less than the lists they save.
 * Nothing of the live room: tests/e2e/build-size.test.ts checks the join page carries no Yjs.
 */
const EVERY_PAGE = new RegExp(
  [
    String.raw`[\\/]client[\\/]src[\\/]sync[\\/](api|session|deviceStorage)\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]ui[\\/](Button|LanguagePicker|canReadAloud)\.tsx?$`,
    String.raw`[\\/]client[\\/]src[\\/]pictures[\\/]pictureNote\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/]board[\\/](note|colors|geometry|records)\.ts$`,
    String.raw`^\0vite[\\/]preload-helper`,
    String.raw`[\\/]node_modules[\\/]react[\\/]`,
    String.raw`[\\/]node_modules[\\/]@lingui[\\/]core[\\/]`,
    String.raw`^\0?virtual:tributary-languages`,
    String.raw`[\\/]shared[\\/]src[\\/]i18n[\\/]catalog\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]i18n[\\/]i18n\.ts$`,
  ].join('|'),
);

/**
 * The room as a device keeps it, without Yjs: what a phone shows its note box from before the
 * live room's code is even evaluated (client/src/sync/deviceRoom.ts: the room's last reading, own
 * notes, the send queue, drafts; the control state's reader and the posting rule; the connection
 * line and the helpers the phone's first screen shares with the live room). One chunk, for the
 * reason LIVE_ROOM is one; it must import nothing of LIVE_ROOM, or loading it would evaluate the
 * live room too (tests/e2e/phone-warm.test.ts holds the room chunk back and types).
 */
const ROOM_ON_DEVICE = new RegExp(
  [
    String.raw`[\\/]client[\\/]src[\\/]sync[\\/](deviceRoom|drafts|lastControl|outbox|ownNotes|presenceState|sessionEnded|store)\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]hooks[\\/]useStore\.ts$`,
    String.raw`[\\/]client[\\/]src[\\/]ui[\\/](ConnectionBanner|SessionEndedGate|lazyPart)\.tsx$`,
    String.raw`[\\/]client[\\/]src[\\/]views[\\/]participant[\\/](methods|words)\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/]protocol\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/]control[\\/](state|postingRule|groups|steps)\.ts$`,
    String.raw`[\\/]shared[\\/]src[\\/]board[\\/](area|words|cardText)\.ts$`,
  ].join('|'),
);

/**
 * The service worker (Workbox, generated at build) and the web app manifest.
 * - Precaches the app shell and the phone path (`phonePathFiles`: join page, phone view and every
 *   part it may load), not the facilitator's or projector's screens nor the boards with Konva:
 *   a phone on metered data pays once, in the background, only for what it can use offline.
 * - A page request (the server's rule in server/src/routes/client.ts) is answered with the cached
 *   index.html, so a reload with no signal opens the app; the API, the websocket and assets the
 *   precache does not hold always go to the network and are never cached.
 * - A new version waits (no skipWaiting, no clientsClaim): client/src/ui/serviceWorker.ts decides
 *   when it takes over (docs/ARCHITECTURE.md, "Offline and updates").
 * No worker in `npm run dev`: devOptions off, registration in production builds only, and
 * `noWorkerInDev` below removes one a build left on the same origin.
 */
function offlineApp() {
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'prompt',
    // Registered by client/src/ui/serviceWorker.ts: a few hundred bytes, no workbox-window.
    injectRegister: false,
    devOptions: { enabled: false },
    includeManifestIcons: false,
    manifest: {
      name: 'Tributary',
      short_name: 'Tributary',
      description: 'A shared board for workshop sessions. Join with the code on the screen.',
      lang: 'en',
      // The participant's way in: a code, or the way back to the room this phone joined.
      start_url: '/join',
      scope: '/',
      display: 'standalone',
      theme_color: '#FAF8F4',
      background_color: '#FAF8F4',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      // Hashed files fetched while online and not precached (the messages of the person's own
      // language, the whole board once opened) are kept as they arrive, so they open offline
      // too. They never change, so the cache answers first; old ones are dropped past 150.
      runtimeCaching: [
        {
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
          handler: 'CacheFirst',
          options: { cacheName: 'tributary-assets', expiration: { maxEntries: 150 } },
        },
      ],
      // No icons: the page never shows them (its favicon is inline), and the browser fetches
      // what it needs for the home screen itself. They would cost a phone 13 kB.
      globPatterns: ['**/*.{js,css,html,webmanifest,woff2}'],
      globIgnores: ['.vite/**'],
      manifestTransforms: [
        (entries) => {
          const phone = phonePathFiles();
          // Files outside assets/ are the shell (index.html, the manifest).
          return { manifest: entries.filter((e) => !e.url.startsWith('assets/') || phone.has(e.url)), warnings: [] };
        },
      ],
      // Hashed file names are their own revision: no cache-busting query on them.
      dontCacheBustURLsMatching: /^assets\//,
      navigateFallback: 'index.html',
      // The server's answers that are not the app: the API, sync, files, health and metrics.
      navigateFallbackDenylist: [/^\/(api|yjs|assets)\//, /^\/(healthz|readyz|livez|metrics)$/, /\.[a-z0-9]+$/i],
      cleanupOutdatedCaches: true,
      skipWaiting: false,
      clientsClaim: false,
      sourcemap: false,
    },
  });
}

/**
 * `npm run dev` never has a worker, but a production build once served on the same origin may
 * have left one, which would keep answering with the old build. The dev server's `/sw.js` is a
 * worker that removes itself, its caches, and reloads the pages it had: the browser fetches it on
 * its next update check (every page load), so a stale worker is gone after one load.
 */
function noWorkerInDev(): Plugin {
  const selfRemoving = [
    'self.addEventListener("install", () => self.skipWaiting());',
    'self.addEventListener("activate", (event) => event.waitUntil((async () => {',
    '  await self.registration.unregister();',
    '  for (const key of await caches.keys()) await caches.delete(key);',
    '  for (const page of await self.clients.matchAll({ type: "window" })) page.navigate(page.url);',
    '})()));',
  ].join('\n');
  return {
    name: 'tributary:no-worker-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/sw.js', (_request, response) => {
        response.setHeader('content-type', 'text/javascript');
        response.setHeader('cache-control', 'no-cache');
        response.end(selfRemoving);
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    tributaryMessages(),
    lightLib0Logging(),
    noBroadcastChannel(),
    browserLib0Environment(),
    roomViewFiles(),
    precompressed(),
    offlineApp(),
    noWorkerInDev(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // scripts/measure-bundle.mjs reads client/dist/.vite/manifest.json to measure each view's first load.
    manifest: true,
    // Phones from the last few years all run ES2022; older syntax lowering only adds bytes.
    target: 'es2022',
    // The phone view must stay small: anything heavy (Konva, the editor) is split into lazy chunks.
    // `npm run bench:size` measures each view's first load; tests/e2e/build-size.test.ts holds the
    // phone to 100 kB gzipped.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Only what LIVE_ROOM, ROOM_ON_DEVICE and EVERY_PAGE name, not what they import: the note record and sessions stay shared with the join page.
        codeSplitting: {
          groups: [
            { name: 'room', test: (id) => LIVE_ROOM.test(id), includeDependenciesRecursively: false },
            { name: 'roomOnDevice', test: (id) => ROOM_ON_DEVICE.test(id), includeDependenciesRecursively: false },
            { name: 'everyPage', test: (id) => EVERY_PAGE.test(id), includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/yjs': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
