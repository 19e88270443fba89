import { describe, expect, test } from 'vitest';
import { runConvergence, runSeed, stepsFromEnv, type Cluster } from '../../helpers/convergence.ts';
import { useServer } from '../../helpers/fixture.ts';

/**
 * Seeded random convergence on one server with SQLite (tests/helpers/convergence.ts): a
 * facilitator on two devices and five people edit, vote, drop off and come back, some writes are
 * refused, and the server restarts on the same file; at the end every client and a fresh one hold
 * the same board. `SEED=… CONVERGENCE_STEPS=…` replays or lengthens a run.
 */

const seed = runSeed();
const steps = stepsFromEnv('CONVERGENCE_STEPS', 150);
const server = useServer();

describe('seeded random convergence, one server on SQLite', () => {
  test(`every client and a fresh one hold the same board (seed ${seed}, ${steps} steps)`, async () => {
    console.log(`convergence on SQLite: SEED=${seed} CONVERGENCE_STEPS=${steps}`);
    const cluster: Cluster = {
      size: 1,
      url: () => server.url,
      wsUrl: () => server.wsUrl,
      // Same DATA_DIR, same port: the clients reconnect to it.
      restart: () => server.restart(),
    };
    const report = await runConvergence(cluster, { seed, steps, participants: 5, log: (line) => console.log(line) });
    expect(report.restarts).toBeGreaterThanOrEqual(1);
    // The deliberately refused writes were made and refused (a run short enough may make none).
    const refusedOps = Object.entries(report.ops).filter(([name]) => name.startsWith('refused:')).reduce((n, [, c]) => n + c, 0);
    if (refusedOps > 0) expect(Object.keys(report.refusals).length).toBeGreaterThan(0);
  }, 60_000);
});
