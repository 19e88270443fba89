/** Small statistics helpers for the server bench. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(values: Float64Array): { count: number; p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
  };
}

export function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * A server's CPU over a window as a percentage of one core, to a tenth: ratios are taken from it
 * (Tributary against `tributary-unvalidated` within 10%), and whole percents at 17-19% would move
 * such a ratio by up to 6% on rounding alone.
 */
export function cpuPercent(cpuMs: number, wallMs: number): number {
  return round((100 * cpuMs) / wallMs, 1);
}

/**
 * CPU microseconds per note written in the window: the same work offered to two servers need not
 * be the same number of notes (the writers' timers run late on a busy machine), so builds are
 * compared per note as well as per second.
 */
export function cpuUsPerNote(cpuMs: number, notes: number): number | null {
  return notes > 0 ? round((1000 * cpuMs) / notes, 0) : null;
}
