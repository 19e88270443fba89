import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  root: 'client',
  plugins: [react(), lightLib0Logging()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // scripts/measure-bundle.mjs reads client/dist/.vite/manifest.json to measure each view's first load.
    manifest: true,
    // Phones from the last few years all run ES2022; older syntax lowering only adds bytes.
    target: 'es2022',
    // The phone view must stay small: anything heavy (Konva, the editor) is split into lazy chunks.
    // `npm run bench:size` measures each view's first load; tests/client/build-size.test.ts holds the
    // phone to 100 kB gzipped.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/healthz': `http://127.0.0.1:${serverPort}`,
      '/yjs': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
