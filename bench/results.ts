import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every benchmark keeps its results. */
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** `bench/results/<name>-latest.json`: what the README's tables are rendered from. */
export function latestResultsFile(name: string): string {
  return path.join(RESULTS_DIR, `${name}-latest.json`);
}

/**
 * Writes one run as `bench/results/<name>-<UTC date and time>.json` and, when `latest`, also as
 * `<name>-latest.json`. Returns the dated file's name.
 */
export function writeResults(name: string, measuredAt: Date, result: unknown, { latest }: { latest: boolean }): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = `${name}-${measuredAt.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
  fs.writeFileSync(path.join(RESULTS_DIR, file), json);
  if (latest) fs.writeFileSync(latestResultsFile(name), json);
  return file;
}
