/**
 * The order the servers run in, in one round of one scenario. Rotated, so no server always runs
 * first (or last) on a warm, busy machine, and reversed every other round, so no server always
 * follows the same neighbour. With rotation alone `tributary` always ran right after
 * `tributary-unvalidated`; issue 15 ran that pair alone, in alternating order, and the one in second
 * place had the higher p99 in 3 of 4 rounds whichever it was (a likely cause: the disk writes
 * the first left behind, which bench.ts now flushes between servers).
 */
export function runOrder<T>(servers: readonly T[], scenarioIndex: number, round: number): T[] {
  const rotated = servers.map((_, i) => servers[(i + scenarioIndex + round) % servers.length]!);
  return round % 2 === 1 ? rotated.reverse() : rotated;
}
