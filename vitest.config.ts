import { defineConfig } from 'vitest/config';
import { tributaryMessages } from './scripts/viteMessages.ts';

// Three projects: tests of shared/server/client logic; the heavy fault tests (floods, kills,
// reconnect storms: tests/server/faults), kept apart so `npm run test:faults` can run them alone;
// and browser tests that drive a real production build in Debian's Chromium. `npm test` runs all three.
const serverSide = {
  environment: 'node' as const,
  setupFiles: ['tests/helpers/englishMessages.ts'],
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summaryReporter.ts'],
    projects: [
      {
        // Client modules read their messages from the generated catalog modules.
        plugins: [tributaryMessages()],
        test: {
          name: 'unit',
          include: ['tests/shared/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/client/**/*.test.ts'],
          exclude: ['tests/server/faults/**'],
          ...serverSide,
        },
      },
      {
        plugins: [tributaryMessages()],
        test: {
          name: 'faults',
          include: ['tests/server/faults/**/*.test.ts'],
          ...serverSide,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Browser tests share one Chromium and one machine with 2 cores: run them one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
