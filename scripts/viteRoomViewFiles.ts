// The phone's room view's files, named in index.html for the join page (issue 17, the cold join).
//
// A phone on a join link goes on to the room view nearly every time, and on a slow link its code
// takes a second or more to arrive. The join page fetches it while it is on screen, without running
// it (client/src/views/join/prefetchRoomView.ts): for that it needs the files' names, which only
// the build knows. This writes them into index.html as
//
//   <meta name="tributary-room-view" content="/assets/ParticipantView-….js /assets/room-….js …">
//   <meta name="tributary-room-view-later" content="/assets/ReadAloudButton-….js">
//
// The first: the room view's chunk and what it imports (scripts/measure-bundle.mjs
// VIEWS.participant), which its first screen, the note box, needs; the second, fetched once the
// first have arrived: the live room (Yjs, the connections: PHONE_LIVE_ROOM), which the room view
// imports after its first paint, and what every phone loads right after its first screen
// (PHONE_AFTER_PAINT). Fetched together, the live room's 29 kB shared the slow link with the note
// box's files and held the note box back by about a second. Both less what the
// entry and the join page have already loaded. Their words are language by language, so the join
// page loads those itself (i18n `withMessages`).
import type { HtmlTagDescriptor, Plugin, Rolldown } from 'vite';
import { PHONE_AFTER_PAINT, PHONE_LIVE_ROOM, VIEWS } from './measure-bundle.mjs';


type Chunk = Rolldown.OutputChunk;

/** The built files of `chunk` and of everything it statically imports, transitively, CSS included. */
function staticFiles(byFile: ReadonlyMap<string, Chunk>, chunk: Chunk | undefined, into = new Set<string>()): Set<string> {
  if (!chunk || into.has(chunk.fileName)) return into;
  into.add(chunk.fileName);
  for (const css of chunk.viteMetadata?.importedCss ?? []) into.add(css);
  for (const file of chunk.imports) staticFiles(byFile, byFile.get(file), into);
  return into;
}

export function roomViewFiles(): Plugin {
  return {
    name: 'tributary:room-view-files',
    apply: 'build',
    transformIndexHtml: {
      // After Vite has written the entry's tags: the bundle is final by then.
      order: 'post',
      handler(_html, { bundle, chunk: entry }): HtmlTagDescriptor[] {
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((output): output is Chunk => output.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        // A source module's chunk: the one it is the facade of, or the shared chunk it was put in.
        const chunkOf = (source: string): Chunk => {
          const found =
            chunks.find((c) => c.facadeModuleId?.endsWith(`/${source}`)) ?? chunks.find((c) => c.moduleIds.some((id) => id.endsWith(`/${source}`)));
          if (!found) throw new Error(`roomViewFiles: no chunk has ${source} (scripts/measure-bundle.mjs names it)`);
          return found;
        };
        const loaded = staticFiles(byFile, entry);
        staticFiles(byFile, chunkOf(VIEWS.join!), loaded);
        /** The files of `sources` not yet in `loaded`, added to it. */
        const more = (sources: readonly string[]): string => {
          const files: string[] = [];
          for (const source of sources) {
            for (const file of staticFiles(byFile, chunkOf(source))) {
              if (!loaded.has(file)) files.push(`/${file}`);
              loaded.add(file);
            }
          }
          return files.join(' ');
        };
        const meta = (name: string, content: string): HtmlTagDescriptor => ({ tag: 'meta', attrs: { name, content }, injectTo: 'head' });
        return [meta('tributary-room-view', more([VIEWS.participant!])), meta('tributary-room-view-later', more([PHONE_LIVE_ROOM, ...PHONE_AFTER_PAINT]))];
      },
    },
  };
}
