import fs from 'node:fs';
import path from 'node:path';

/**
 * The phone's two pages and the view each opens, as client/src/main.tsx routes them. Their view's
 * code is named in a `Link` header on the page itself, so a phone fetches it alongside the entry
 * script instead of only once that script has arrived and run: a round trip and more sooner
 * (400 ms and up on a slow link). Nothing is added to any page's JavaScript.
 */
const PAGE_VIEWS: ReadonlyArray<{ path: RegExp; view: string }> = [
  { path: /^\/join(\/[^/]+)?\/?$/, view: 'src/views/join/JoinView.tsx' },
  { path: /^\/room\/[^/]+\/?$/, view: 'src/views/participant/ParticipantView.tsx' },
];

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

/**
 * The `Link` header for a page path: the view's chunk, what it statically imports and their
 * styles, without what index.html already brings (the entry and its imports). Null for a page
 * that is not the phone's.
 */
export function pagePreloadLink(manifest: BuildManifest, pagePath: string): string | null {
  const route = PAGE_VIEWS.find((r) => r.path.test(pagePath));
  if (!route || !manifest[route.view]) return null;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const loaded = entry ? staticClosure(manifest, entry, new Set()) : new Set<string>();
  const links: string[] = [];
  for (const key of staticClosure(manifest, route.view, new Set())) {
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
export function pagePreloader(clientDir: string): (pagePath: string) => string | null {
  const file = path.join(clientDir, '.vite', 'manifest.json');
  let read: { mtimeMs: number; manifest: BuildManifest | null } | null = null;
  return (pagePath) => {
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
    return read.manifest ? pagePreloadLink(read.manifest, pagePath) : null;
  };
}
