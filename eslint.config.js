// Lint rules, and the import boundaries of DESIGN.md section 1 (checked here, so a wrong
// import fails `npm test`). Circular imports are checked by madge in `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ui = ['react', 'react-dom', 'react-dom/*', 'konva', 'konva/*', 'react-konva'];
const serverOnly = ['fastify', '@fastify/*', 'fastify-plugin', 'better-sqlite3', 'ws', 'prom-client', 'node:*'];

// One rule for importing shared code: from the module that declares the name
// ('@tributary/shared/board/note'), never from a package index. The phone's bundle then holds
// only the modules it names, and a reader sees where each name comes from.
const sharedByModule = {
  name: '@tributary/shared',
  message: "Import from the module that declares the name, e.g. '@tributary/shared/board/note' (docs/ARCHITECTURE.md, Workspaces).",
};

const sharedByPath = {
  group: ['**/shared/src/**'],
  message: "Import shared code by its package path, e.g. '@tributary/shared/board/note', not a relative path.",
};

function forbid(patterns, message) {
  const paths = [sharedByModule];
  const groups = patterns.length ? [{ group: patterns, message }, sharedByPath] : [sharedByPath];
  return { 'no-restricted-imports': ['error', { paths, patterns: groups }] };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['tests/**', 'bench/**'],
    rules: forbid([], ''),
  },
  {
    // Scripts may reach shared code by its file path: Vite's config loads some of them with plain
    // Node, which will not read TypeScript from a package in node_modules.
    files: ['scripts/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [sharedByModule] }] },
  },
  {
    files: ['shared/src/**'],
    rules: forbid([...ui, ...serverOnly, '**/server/**', '**/client/**', 'y-websocket'], 'shared/ holds no UI, server or transport code (DESIGN.md 1).'),
  },
  {
    files: ['server/src/sync/**'],
    rules: forbid(
      [...ui, 'fastify', '@fastify/*', 'fastify-plugin', '**/routes/**', '**/plugins/**', '**/policy/**', '**/client/**'],
      'server/src/sync is transport-free and rule-free: no Fastify (DESIGN.md 1), no policy (rules are extensions, DESIGN.md 9.4).',
    ),
  },
  {
    files: ['server/src/**'],
    ignores: ['server/src/sync/**'],
    rules: forbid([...ui, '**/client/**'], 'The server imports no client code.'),
  },
  {
    files: ['client/src/editor/**', 'client/src/sync/**'],
    rules: forbid([...ui, ...serverOnly, '**/server/**', '**/canvas/**', '**/views/**'], 'client/src/editor and client/src/sync import no React or Konva (DESIGN.md 1).'),
  },
  {
    files: ['client/src/**'],
    ignores: ['client/src/editor/**', 'client/src/sync/**'],
    rules: forbid([...serverOnly, '**/server/**'], 'The client imports no server code.'),
  },
);
