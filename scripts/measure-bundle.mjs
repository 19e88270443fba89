#!/usr/bin/env node
// Measures the first-load JavaScript of each view from the Vite build manifest.
//
// First load of a view = the entry chunk (index.html) + its static imports (transitively)
// + the view's lazily imported chunk + that chunk's static imports (transitively).
// Each chunk is counted as what goes over the wire to a browser that accepts brotli (every
// browser a phone runs today): the `.br` copy the build wrote beside it (vite.config.ts), which
// is the very file the server sends (server/src/routes/client.ts; tests/server/compression.test.ts
// checks the bytes), or the file itself where the build wrote none. Beside it, the same chunks
// gzipped at level 9 (what a gzip-only client gets, and how this was counted before issue 17),
// and raw. The budget and the ceiling are on the wire bytes.
//
// For the phone that is every JavaScript file it fetches on its own while showing its first
// screen in a room whose script needs no on-demand part (a plain room): tests/e2e/build-size.test.ts
// opens such a room on a phone in Chromium, waits past the idle prefetch, and checks that the
// files fetched are exactly these. A room whose script uses voting, cards, groups… also prefetches
// those parts once the phone is idle (client/src/ui/lazyPart.tsx): `withParts` is the first load
// plus every such part, the most any room makes a phone fetch without a tap. The whole board
// (canvas, list) is fetched only when the person asks for it and is never counted.
// Nor is the recovery from a refused board change (client/src/sync/boardRefusal.ts and
// client/src/ui/RefusalNotice.tsx), fetched only when the server refuses one, which is a race.
//
// Usage: node scripts/measure-bundle.mjs [--dist client/dist] [--out bench/results/bundle-size.json] [--quiet]
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

/** The views whose first load we track: the route's lazily imported view module. */
export const VIEWS = {
  participant: 'src/views/participant/ParticipantView.tsx',
  facilitator: 'src/views/facilitator/FacilitatorView.tsx',
  presenter: 'src/views/presenter/PresenterView.tsx',
  join: 'src/views/join/JoinView.tsx',
  home: 'src/views/home/HomeView.tsx',
};

/**
 * The phone view's on-demand parts that a room's script can make it prefetch when idle
 * (ParticipantView's lazyPart imports, without the whole board, which waits for a tap).
 */
export const PHONE_PARTS = [
  'src/views/participant/Voting.tsx',
  'src/views/participant/CardComposer.tsx',
  'src/views/participant/EarlierNotes.tsx',
  'src/views/participant/Markers.tsx',
  'src/views/participant/MyGroup.tsx',
  'src/views/participant/WordsSoFar.tsx',
  'src/views/participant/AreaToRead.tsx',
];

/**
 * What every phone fetches a moment after its first screen, whatever its room's script: the
 * read-aloud buttons (ReadAloudButton.tsx, loaded by client/src/ui/readAloudLater.tsx, and not at
 * all where the device cannot speak), and once idle the words for the server's error replies
 * (`errors`, ParticipantView). Counted in `withParts` and listed as `afterPaint`, not in the first load.
 */
export const PHONE_AFTER_PAINT = ['src/ui/ReadAloudButton.tsx'];
export const PHONE_AFTER_PAINT_MESSAGES = ['errors'];

/**
 * The message namespaces each view loads beside its code (client/src/main.tsx, withMessages), as
 * English loads them: `common` is in the entry chunk, these are lazy chunks of their own
 * (scripts/viteMessages.ts) fetched with the view, so they count in its first load.
 */
export const VIEW_MESSAGES = {
  participant: ['phone', 'room'],
  facilitator: ['facilitator', 'room', 'board'],
  presenter: ['presenter', 'room', 'board'],
  join: ['join'],
  home: ['home'],
};

/**
 * The phone's live room (Yjs, the connections: the `room` chunk, LIVE_ROOM in vite.config.ts),
 * which the phone view imports right after its first paint (views/participant/useLiveRoom.ts), so
 * that the note box is on screen before it is evaluated. Every phone loads it at once: it counts in
 * the first load as if it were a static import.
 */
export const PHONE_LIVE_ROOM = 'src/views/participant/liveRoom.ts';

/**
 * The manifest key of the chunk that holds `source`, a module a view imports lazily: its own, or
 * the group chunk it was put in (vite.config.ts names the live room's group `room`).
 */
function lazyChunkKey(manifest, viewKey, source, group) {
  if (manifest[source]) return source;
  return (manifest[viewKey]?.dynamicImports ?? []).find((k) => manifest[k]?.src === source || (!manifest[k]?.src && manifest[k]?.name === group));
}

/** The phone view's part fetched only when the person taps "See the whole board" (canvas, list). */
export const PHONE_ON_TAP = 'src/views/participant/WholeBoard.tsx';

/**
 * The note composer's parts fetched only when the person chooses them ("Draw instead", "Add a photo
 * of paper"; issue 19): never prefetched, so not in the budget; precached for a phone with no signal.
 */
export const PHONE_ON_CHOICE = ['src/views/participant/SketchPad.tsx', 'src/pictures/PhotoOfPaper.tsx'];

/** The board beside a laptop participant's notes: fetched only on a wide screen with a mouse, never by a phone. */
export const PHONE_ON_LAPTOP = 'src/views/participant/LaptopBoard.tsx';

/**
 * What a phone never opens: the facilitator's and projector's screens, the home page, and the
 * phone's own boards (Konva), which wait for a tap or a laptop. The service worker precaches
 * everything else a room's phone can load (`phonePathFiles`), so it opens with no signal.
 */
export const NOT_ON_THE_PHONE = [
  'src/views/home/HomeView.tsx',
  'src/ui/FacilitatorGate.tsx',
  'src/views/facilitator/FacilitatorView.tsx',
  'src/views/presenter/PresenterView.tsx',
  PHONE_ON_TAP,
  PHONE_ON_LAPTOP,
];

/**
 * The phone's first-load target, in bytes over the wire (brotli, as served): DESIGN.md 6, "keep
 * its first load small". Enforced by tests/e2e/build-size.test.ts. Counted as gzip -9 until
 * issue 17 made the server send the build's brotli copies. Met since the client moved to React 18,
 * whose react-dom is 23 kB smaller gzipped than React 19's (docs/ARCHITECTURE.md, "Phone budget").
 */
export const PHONE_BUDGET = 100 * 1000;
/**
 * A ratchet for the phone's first load plus every part any script can make it prefetch once idle
 * (`withParts`; a real room prefetches only the parts its steps use). Lower it as parts shrink.
 * Raised from 104 kB to 107.5 kB (gzip) by issue 16's whole sessions: the note's place picker ("Which stage
 * is this about?", 1.4 kB in the first load), words merged before voting, the marker rounds, the
 * ended-session gate, group planning and the "read together" part. No template uses every part.
 * Recounted over the wire by issue 17: 107.4 kB gzip is 94.9 kB brotli, so 95.5 kB; then 107 kB for
 * the rest of issue 17: the service worker's registration and update rules and the room's last
 * reading (0.5 kB), the i18n library (@lingui/core, 2.1 kB) and every word of the phone and its
 * parts moved out of the code into message chunks loaded beside it (about 5 kB with the language
 * loader and the server's error wording, whose messages load with the phone's view), vote buttons
 * named by their note and the print route (0.2 kB). Then 108 kB for issue 18: the phone's one
 * store of its own notes, with the code that moves a phone's three older stores into it once
 * (drop that in a later release), and the posting rule it now shares with the server (0.6 kB).
 * Then 109 kB for issue 19's picture notes: the composer's choice between writing, drawing and a
 * photo of paper with the loaders of those two parts, "Your drawing" in "my notes", picture notes
 * sent by the outbox, and the note record's picture fields (0.7 kB). The sketch pad and the photo
 * part themselves, and their words (`pictures`), load only when someone chooses them.
 * Then read aloud: the buttons on the prompt and every note, the "Read all
 * new notes" toggle and their words (1.8 kB in the first load; the reader itself, 1.1 kB, loads only
 * when someone first presses one).
 * Then 111 kB with the rest of issue 19 (the review queue, results page and own methods: 0.7 kB more
 * phone view, 0.4 kB more room code, more server error words), which put this at 111.4 kB and the
 * first load over its 100 kB. Brought back by moving out of the first load, but not out of this
 * count, the read-aloud buttons (a part every phone that can speak loads after its first screen,
 * PHONE_AFTER_PAINT) and the error words (loaded once idle); and out of both the facilitator's API
 * calls (client/src/sync/facilitatorApi.ts) and the error words only their pages can get
 * (`facilitatorErrors`, scripts/viteMessages.ts): 110.8 kB. Then 111.5 kB: the signal that background
 * prefetching has settled (`data-parts-prefetch`, which the build-size test waits for instead of a
 * fixed time) and the composer's clearer label came to 111.1 kB. Picture notes' words on the vote
 * list, earlier notes and "read together" parts (noteWords, whose words moved from `board` to `room`
 * so the parts need not load `board`, 1.8 kB) came to 111.3 kB.
 */
export const PHONE_WITH_PARTS_CEILING = 111.5 * 1000;

export function gzipSize(buffer) {
  return gzipSync(buffer, { level: constants.Z_BEST_COMPRESSION }).length;
}

/** Bytes the server sends for `file` to a browser that accepts brotli: its `.br` copy, or the file when the build wrote none. */
export function wireSize(dist, file, raw) {
  const copy = join(dist, `${file}.br`);
  return existsSync(copy) ? statSync(copy).size : raw;
}

function readManifest(dist) {
  const path = join(dist, '.vite', 'manifest.json');
  if (!existsSync(path)) {
    throw new Error(`No build manifest at ${path}. Run \`npm run build\` first (vite.config.ts sets build.manifest).`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The manifest key of one English message namespace's chunk (scripts/viteMessages.ts). */
function messagesKey(manifest, ns) {
  return Object.keys(manifest).find((k) => k.endsWith(`virtual:tributary-messages/en/${ns}`));
}

/** The message namespaces a phone shows (client/src/main.tsx's `withMessages` for the phone's views and parts). */
export const PHONE_MESSAGE_NAMESPACES = ['common', 'join', 'phone', 'room', 'parts', 'pictures', 'board', 'errors', 'refusals'];

/**
 * False for a message chunk a phone never needs ahead of time: another screen's namespace, or a
 * language other than English. Every other language has one set of chunks per namespace, and a
 * phone uses one language: the service worker keeps the ones it fetched (runtime cache, vite.config.ts)
 * rather than making every phone download all of them.
 */
function onThePhoneInEnglish(key) {
  const message = /virtual:tributary-messages\/([^/]+)\/([^/]+)$/.exec(key);
  return !message || (message[1] === 'en' && PHONE_MESSAGE_NAMESPACES.includes(message[2]));
}

/**
 * The manifest key of a source module loaded on demand: the module itself, or, where the bundler
 * made it a chunk shared with static importers (ReadAloudButton.tsx: the cards and the board import
 * it too), that chunk, keyed `_<Name>-<hash>.js`.
 */
function chunkKeyOf(manifest, source) {
  if (manifest[source]) return source;
  const name = source.split('/').pop().replace(/\.[jt]sx?$/, '');
  return Object.keys(manifest).find((k) => k.startsWith(`_${name}-`) && k.endsWith('.js'));
}

/** Manifest keys of `key` and everything it statically imports, transitively. */
function staticClosure(manifest, key, into = new Set()) {
  if (into.has(key)) return into;
  const entry = manifest[key];
  if (!entry) throw new Error(`Manifest has no entry ${key}`);
  into.add(key);
  for (const dep of entry.imports ?? []) staticClosure(manifest, dep, into);
  return into;
}

/**
 * Every built file (JavaScript, CSS, assets) the phone path can load: the entry, the join page,
 * the phone view and all it may import later, statically or on demand, short of NOT_ON_THE_PHONE.
 * Paths are relative to the build folder, as the service worker's precache list names them.
 */
export function phonePathFiles(dist = join(repo, 'client', 'dist')) {
  const manifest = readManifest(dist);
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || NOT_ON_THE_PHONE.includes(key) || !manifest[key] || !onThePhoneInEnglish(key)) return;
    seen.add(key);
    const entry = manifest[key];
    for (const file of [entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])]) files.add(file);
    for (const dep of [...(entry.imports ?? []), ...(entry.dynamicImports ?? [])]) visit(dep);
  };
  for (const key of Object.keys(manifest)) if (manifest[key].isEntry) visit(key);
  return files;
}

/** Measures every view in VIEWS; returns a plain object (what bench/results/bundle-size.json holds). */
export function measure(dist = join(repo, 'client', 'dist')) {
  const manifest = readManifest(dist);
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('Manifest has no entry chunk');
  const sizes = new Map();
  const chunkSize = (file) => {
    if (!sizes.has(file)) {
      const raw = readFileSync(join(dist, file));
      sizes.set(file, { file, raw: raw.length, gzip: gzipSize(raw), wire: wireSize(dist, file, raw.length) });
    }
    return sizes.get(file);
  };
  /** The JavaScript files of these manifest keys with their sizes, largest first. */
  const jsChunks = (keys) =>
    [...keys]
      .map((k) => manifest[k].file)
      .filter((f) => f.endsWith('.js'))
      .map((f) => chunkSize(f))
      .sort((a, b) => b.wire - a.wire);
  const sum = (chunks, key) => chunks.reduce((total, c) => total + c[key], 0);
  const entryKeys = staticClosure(manifest, entryKey);
  const views = {};
  for (const [name, viewKey] of Object.entries(VIEWS)) {
    if (!manifest[viewKey]) continue;
    const keys = new Set(entryKeys);
    staticClosure(manifest, viewKey, keys);
    const liveRoomKey = name === 'participant' ? lazyChunkKey(manifest, viewKey, PHONE_LIVE_ROOM, 'room') : undefined;
    if (name === 'participant' && !liveRoomKey) throw new Error(`The phone view does not import ${PHONE_LIVE_ROOM} lazily: see PHONE_LIVE_ROOM`);
    if (liveRoomKey) staticClosure(manifest, liveRoomKey, keys);
    for (const ns of VIEW_MESSAGES[name] ?? []) {
      const messages = messagesKey(manifest, ns);
      if (messages) keys.add(messages);
    }
    const chunks = jsChunks(keys);
    const lazy = (manifest[viewKey].dynamicImports ?? []).map((k) => manifest[k]?.file).filter(Boolean);
    // The page and its styles come with the first load too; not in the budget, which is JavaScript.
    const css = [...new Set([...keys].flatMap((k) => manifest[k].css ?? []))];
    const page = ['index.html', ...css].map((f) => chunkSize(f));
    views[name] = {
      module: viewKey,
      wire: sum(chunks, 'wire'),
      gzip: sum(chunks, 'gzip'),
      raw: sum(chunks, 'raw'),
      chunks,
      page: { wire: sum(page, 'wire'), gzip: sum(page, 'gzip'), raw: sum(page, 'raw'), files: page },
      lazyLater: lazy,
    };
    if (name === 'participant') {
      // Every part a script can prefetch, with what it imports that the first load does not have.
      const partKeys = new Set(keys);
      const afterPaintKeys = PHONE_AFTER_PAINT.map((part) => chunkKeyOf(manifest, part)).filter(Boolean);
      for (const key of afterPaintKeys) staticClosure(manifest, key, partKeys);
      for (const ns of PHONE_AFTER_PAINT_MESSAGES) {
        const messages = messagesKey(manifest, ns);
        if (messages) partKeys.add(messages);
      }
      const afterPaint = jsChunks([...partKeys].filter((k) => !keys.has(k)));
      for (const part of PHONE_PARTS) if (manifest[part]) staticClosure(manifest, part, partKeys);
      // The parts' words come with them (ParticipantView: withMessages(…, 'parts')).
      const partMessages = messagesKey(manifest, 'parts');
      if (partMessages) partKeys.add(partMessages);
      const partChunks = jsChunks([...partKeys].filter((k) => !keys.has(k)));
      views[name].withParts = {
        wire: views[name].wire + sum(partChunks, 'wire'),
        gzip: views[name].gzip + sum(partChunks, 'gzip'),
        raw: views[name].raw + sum(partChunks, 'raw'),
        parts: partChunks,
        // What every phone fetches a moment after its first screen (PHONE_AFTER_PAINT), in any room.
        afterPaint,
        // Lazy imports of the phone view that are neither listed above nor a board: a
        // new part must be added to PHONE_PARTS (or this count would miss what it prefetches).
        unlisted: (manifest[viewKey].dynamicImports ?? []).filter(
          (k) => k !== liveRoomKey && !PHONE_PARTS.includes(k) && !afterPaintKeys.includes(k) && !PHONE_ON_CHOICE.includes(k) && k !== PHONE_ON_TAP && k !== PHONE_ON_LAPTOP,
        ),
      };
    }
  }
  return {
    measuredAt: new Date().toISOString(),
    // `wire`: brotli as the server sends it (what the budget counts); `gzip`: gzip -9; `raw`: uncompressed.
    units: { wire: 'bytes sent to a browser that accepts brotli', gzip: 'gzip -9 bytes', raw: 'bytes uncompressed' },
    entry: manifest[entryKey].file,
    budget: { participant: PHONE_BUDGET },
    ceiling: { participant: PHONE_BUDGET, participantWithParts: PHONE_WITH_PARTS_CEILING },
    views,
  };
}

/** The text of a view's first-load chunks (for content checks such as "no Konva"). */
export function firstLoadText(dist, result, view) {
  return result.views[view].chunks.map((c) => readFileSync(join(dist, c.file), 'utf8')).join('\n');
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const dist = resolve(repo, arg('--dist', 'client/dist'));
  const out = resolve(repo, arg('--out', 'bench/results/bundle-size.json'));
  const result = measure(dist);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  for (const [name, view] of Object.entries(result.views)) {
    const budget = result.budget[name];
    const ceiling = result.ceiling[name];
    const verdict = budget
      ? ` (target ${kb(budget)}: ${view.wire <= budget ? 'met' : `${kb(view.wire - budget)} over`}; ceiling ${kb(ceiling)}: ${view.wire <= ceiling ? 'ok' : 'OVER'})`
      : '';
    console.log(
      `${name.padEnd(12)} first load ${kb(view.wire).padStart(9)} br, ${kb(view.gzip).padStart(9)} gz, ${kb(view.raw).padStart(9)} raw, ${view.chunks.length} chunks${verdict}`,
    );
    if (argv.includes('--chunks')) {
      for (const c of view.chunks) console.log(`  ${c.file.padEnd(48)} ${kb(c.wire).padStart(9)} br ${kb(c.gzip).padStart(9)} gz`);
      console.log(`  and the page with its CSS (not in the budget): ${kb(view.page.wire)} br, ${kb(view.page.gzip)} gz`);
    }
    if (view.withParts) {
      const ceilingParts = result.ceiling.participantWithParts;
      console.log(
        `${''.padEnd(12)} + parts a script can prefetch: ${kb(view.withParts.wire)} br, ${kb(view.withParts.gzip)} gz (ceiling ${kb(ceilingParts)}: ${view.withParts.wire <= ceilingParts ? 'ok' : 'OVER'})`,
      );
      if (argv.includes('--chunks')) {
        for (const c of view.withParts.parts) console.log(`  + ${c.file.padEnd(46)} ${kb(c.wire).padStart(9)} br ${kb(c.gzip).padStart(9)} gz`);
      }
    }
  }
  console.log(`wrote ${out}`);
  const phone = result.views.participant;
  if (phone && (phone.wire > PHONE_BUDGET || phone.withParts.wire > PHONE_WITH_PARTS_CEILING)) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
