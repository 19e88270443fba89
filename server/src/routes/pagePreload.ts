import fs from 'node:fs';
import path from 'node:path';
import { matchLanguage, SOURCE_LANGUAGE } from '@tributary/shared/i18n/catalog';

/**
 * The phone's two pages and the view each opens, as client/src/main.tsx routes them, with the
 * message namespaces its first screen waits for (main.tsx's `withMessages` for that view). Their
 * view's code and words are named in a `Link` header on the page itself, so a phone fetches them
 * alongside the entry script instead of only once that script has arrived and run: a round trip
 * and more sooner (400 ms and up on a slow link). Nothing is added to any page's JavaScript.
 */
const PAGE_VIEWS: ReadonlyArray<{ path: RegExp; view: string; messages: readonly string[] }> = [
  { path: /^\/join(\/[^/]+)?\/?$/, view: 'src/views/join/JoinView.tsx', messages: ['join'] },
  { path: /^\/room\/[^/]+\/?$/, view: 'src/views/participant/ParticipantView.tsx', messages: ['phone', 'room'] },
];

/** English's `common` words are in the entry chunk; another language fetches its own before the first screen (client/src/i18n/i18n.ts). */
const FIRST_WORDS = 'common';

/** The parts of Vite's build manifest (client/dist/.vite/manifest.json) this reads. */
export interface BuildManifest {
  [key: string]: { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
}

function staticClosure(manifest: BuildManifest, key: string, into: Set<string>): Set<string> {
  if (into.has(key) || !manifest[key]) return into;
  into.add(key);
  for (const next of manifest[key].imports ?? []) staticClosure(manifest, next, into);
  return into;
}

/** The manifest key of one language's message namespace (scripts/viteMessages.ts), if the build has it. */
function messagesKey(manifest: BuildManifest, language: string, ns: string): string | undefined {
  return Object.keys(manifest).find((key) => key.endsWith(`virtual:tributary-messages/${language}/${ns}`));
}

/**
 * The language a page opens in when this device has not picked one, as the browser's
 * `startLanguage` (client/src/i18n/i18n.ts) chooses it from the same list the browser sends
 * (`Accept-Language`, most wanted first): one of `available`, else English. A person's own pick
 * is kept on the phone, where the server cannot see it: then this guess costs a few kB, and the
 * page fetches its words as it would without the header.
 */
export function pageLanguage(acceptLanguage: string | undefined, available: readonly string[]): string {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { tag, weight: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
  return matchLanguage(wanted, available) ?? SOURCE_LANGUAGE;
}

/**
 * The `Link` header for a page path: the view's chunk, what it statically imports and their
 * styles, without what index.html already brings (the entry and its imports), then the words its
 * first screen needs in `language`. Null for a page that is not the phone's.
 */
export function pagePreloadLink(manifest: BuildManifest, pagePath: string, language: string = SOURCE_LANGUAGE): string | null {
  const route = PAGE_VIEWS.find((r) => r.path.test(pagePath));
  if (!route || !manifest[route.view]) return null;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const loaded = entry ? staticClosure(manifest, entry, new Set()) : new Set<string>();
  const wanted = staticClosure(manifest, route.view, new Set());
  const namespaces = language === SOURCE_LANGUAGE ? route.messages : [FIRST_WORDS, ...route.messages];
  for (const ns of namespaces) {
    const key = messagesKey(manifest, language, ns);
    if (key) staticClosure(manifest, key, wanted);
  }
  const links: string[] = [];
  for (const key of wanted) {
    if (loaded.has(key)) continue;
    const { file, css = [] } = manifest[key]!;
    links.push(`</${file}>; rel=modulepreload`);
    for (const style of css) links.push(`</${style}>; rel=preload; as=style`);
  }
  return links.length > 0 ? links.join(', ') : null;
}

/**
 * `pagePreloadLink` on the build in `clientDir`, reading its manifest again when it changes (a
 * rebuild while the server runs serves new files, as the static route does). No manifest, no header.
 */
export function pagePreloader(clientDir: string): (pagePath: string, language?: string) => string | null {
  const file = path.join(clientDir, '.vite', 'manifest.json');
  let read: { mtimeMs: number; manifest: BuildManifest | null } | null = null;
  return (pagePath, language) => {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (read?.mtimeMs !== mtimeMs) {
      let manifest: BuildManifest | null = null;
      try {
        manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BuildManifest;
      } catch {
        manifest = null; // mid-rebuild: try again next time
      }
      read = { mtimeMs: manifest ? mtimeMs : -1, manifest };
    }
    return read.manifest ? pagePreloadLink(read.manifest, pagePath, language) : null;
  };
}
