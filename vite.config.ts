import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server serves client/dist from the same port in production.
// In development (`npm run dev`) Vite proxies the API and the websocket to the server.
const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The phone view must stay small: anything heavy (Konva, the editor) is split into lazy chunks.
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
