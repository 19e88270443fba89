/**
 * Seeded randomness for tests that try many cases: the same seed gives the same cases, so a
 * failure can be replayed from its seed.
 */

/** A small deterministic generator (mulberry32), answering numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A copy of `bytes` damaged one way, chosen with `next`: a byte changed (six times in ten), cut
 * off at a random length (two in ten), or a random byte inserted (two in ten). `bytes` is left as
 * it was. For holding a reader of untrusted bytes to a reference on inputs close to real ones.
 */
export function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const r = next();
  if (r < 0.6 && copy.length > 0) {
    copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    return copy;
  }
  if (r < 0.8) return copy.slice(0, Math.floor(next() * copy.length));
  const at = Math.floor(next() * (copy.length + 1));
  return Uint8Array.from([...copy.slice(0, at), Math.floor(next() * 256), ...copy.slice(at)]);
}
