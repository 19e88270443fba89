import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageLanguage, pagePreloadLink, type BuildManifest } from '../../server/src/routes/pagePreload.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useServer } from '../helpers/fixture.ts';

/**
 * Issue 17: a phone opening a join link (or its room) learns its view's code from the page's own
 * `Link` header, so it fetches it alongside the entry script, not after it has run.
 */
const MANIFEST: BuildManifest = {
  'index.html': { file: 'assets/index-1.js', isEntry: true, imports: ['_runtime.js'] },
  '_runtime.js': { file: 'assets/runtime-1.js' },
  '_session.js': { file: 'assets/session-1.js', imports: ['_runtime.js'] },
  'src/views/join/JoinView.tsx': { file: 'assets/JoinView-1.js', imports: ['_runtime.js', 'index.html', '_session.js'] },
  'src/views/participant/ParticipantView.tsx': { file: 'assets/ParticipantView-1.js', imports: ['_session.js', '_room.js'], css: ['assets/p-1.css'] },
  '_room.js': { file: 'assets/room-1.js' },
  // The words, one chunk per language and namespace (scripts/viteMessages.ts); English `common` is in the entry.
  '\0virtual:tributary-messages/en/common': { file: 'assets/common-en.js' },
  '\0virtual:tributary-messages/en/join': { file: 'assets/join-en.js' },
  '\0virtual:tributary-messages/en/phone': { file: 'assets/phone-en.js' },
  '\0virtual:tributary-messages/en/room': { file: 'assets/room-en.js' },
  '\0virtual:tributary-messages/cy/common': { file: 'assets/common-cy.js' },
  '\0virtual:tributary-messages/cy/join': { file: 'assets/join-cy.js' },
};

const AS_A_PAGE = { headers: { accept: 'text/html' } };
describe('the phone pages name their view code', () => {
  it('a join link: the join view, what it imports and its words, not what index.html already brings', () => {
    for (const page of ['/join', '/join/', '/join/ABCDEF', '/join/ABC%20DEF/']) {
      expect(pagePreloadLink(MANIFEST, page), page).toBe(
        '</assets/JoinView-1.js>; rel=modulepreload, </assets/session-1.js>; rel=modulepreload, </assets/join-en.js>; rel=modulepreload',
      );
    }
  });

  it('a join link in another language: its words, with the common ones English has in the entry', () => {
    expect(pagePreloadLink(MANIFEST, '/join/ABCDEF', 'cy')).toBe(
      '</assets/JoinView-1.js>; rel=modulepreload, </assets/session-1.js>; rel=modulepreload, </assets/common-cy.js>; rel=modulepreload, </assets/join-cy.js>; rel=modulepreload',
    );
  });

  it('a room: the participant view, the live room, its styles and its words', () => {
    expect(pagePreloadLink(MANIFEST, '/room/abc')).toBe(
      '</assets/ParticipantView-1.js>; rel=modulepreload, </assets/p-1.css>; rel=preload; as=style, </assets/session-1.js>; rel=modulepreload, </assets/room-1.js>; rel=modulepreload, ' +
        '</assets/phone-en.js>; rel=modulepreload, </assets/room-en.js>; rel=modulepreload',
    );
  });

  it("the page's language is the browser's first one with a catalog, as the page itself picks it", () => {
    const available = ['ar', 'cy', 'en', 'pl'];
    expect(pageLanguage('cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7', available)).toBe('cy');
    expect(pageLanguage('fr-FR,fr;q=0.9,pl;q=0.8,en;q=0.7', available)).toBe('pl');
    // By weight, not by place in the header; none wanted at all is not wanted.
    expect(pageLanguage('en;q=0.5,ar', available)).toBe('ar');
    expect(pageLanguage('cy;q=0,pl;q=0.3', available)).toBe('pl');
    for (const header of [undefined, '', '*', 'fr, de;q=0.5']) expect(pageLanguage(header, available), String(header)).toBe('en');
  });

  it('no other page, and no header for a build without the view', () => {
    for (const page of ['/', '/room/abc/facilitate', '/room/abc/present', '/join/a/b', '/elsewhere']) expect(pagePreloadLink(MANIFEST, page), page).toBeNull();
    expect(pagePreloadLink({ 'index.html': MANIFEST['index.html']! }, '/join/ABCDEF')).toBeNull();
  });
});

const DIST = path.join(ROOT_DIR, 'client', 'dist');

describe.runIf(fs.existsSync(path.join(DIST, '.vite', 'manifest.json')))('the real build, served', () => {
  const server = useServer({ config: { serveClient: true, clientDir: DIST } });

  it('a join link answers the page with a Link header whose files all exist; the home page has none', async () => {
    // As a browser opens a page: the server answers the app's HTML only to requests for HTML.
    const page = await fetch(`${server.url}/join/ABCDEF`, AS_A_PAGE);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const link = page.headers.get('link') ?? '';
    const files = [...link.matchAll(/<([^>]+)>/g)].map((m) => m[1]!);
    expect(files.some((f) => /^\/assets\/JoinView-[\w-]+\.js$/.test(f))).toBe(true);
    // Its English words (scripts/viteMessages.ts names each namespace's chunk after it).
    expect(files.some((f) => /^\/assets\/join-[\w-]+\.js$/.test(f))).toBe(true);
    const html = await page.text();
    for (const file of files) {
      expect(html.includes(file), `${file} is already in index.html`).toBe(false);
      expect((await fetch(`${server.url}${file}`)).status, file).toBe(200);
    }
    expect((await fetch(`${server.url}/room/some-room`, AS_A_PAGE)).headers.get('link')).toMatch(/ParticipantView-[\w-]+\.js>; rel=modulepreload/);
    expect((await fetch(`${server.url}/`, AS_A_PAGE)).headers.get('link')).toBeNull();
  });
});
