// `npm start`: builds the client if it has not been built yet, then runs the server in this
// same process (so SIGTERM reaches it directly and `kill -9` kills exactly one process).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.SERVE_CLIENT !== '0' && !existsSync(path.join(root, 'client/dist/index.html'))) {
  console.log('Building the web client (first start only)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
register();
await import('../server/src/main.ts');
