import { describe, expect, test } from 'vitest';
import { TokenBucket } from '../../server/src/sync/tokenBucket.ts';

// The per-connection rate limits (DESIGN.md section 4) are token buckets; these tests drive one
// with a hand-moved clock.

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('TokenBucket', () => {
  test('starts full: a burst passes at once, then it is empty', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  test('refills at the rate, never above the burst', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    for (let i = 0; i < 5; i++) bucket.tryTake();
    c.advance(100); // one token at 10/s
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    c.advance(60_000);
    expect(bucket.available()).toBe(5);
  });

  test('msUntilAvailable says how long to wait', () => {
    const c = clock();
    const bucket = new TokenBucket(20, 2, c.now);
    expect(bucket.msUntilAvailable()).toBe(0);
    bucket.tryTake();
    bucket.tryTake();
    expect(bucket.msUntilAvailable()).toBeCloseTo(50);
    c.advance(30);
    expect(bucket.msUntilAvailable()).toBeCloseTo(20);
    c.advance(20);
    expect(bucket.msUntilAvailable()).toBe(0);
    expect(bucket.tryTake()).toBe(true);
  });

  test('over a long run, accepted work stays within rate × time + burst', () => {
    const c = clock();
    const bucket = new TokenBucket(60, 200, c.now);
    let accepted = 0;
    // A flooder asking every millisecond for ten seconds.
    for (let ms = 0; ms < 10_000; ms++) {
      while (bucket.tryTake()) accepted++;
      c.advance(1);
    }
    expect(accepted).toBeGreaterThanOrEqual(60 * 10 + 200 - 1);
    expect(accepted).toBeLessThanOrEqual(60 * 10 + 200);
  });

  test('takes several tokens at once, or none', () => {
    const c = clock();
    const bucket = new TokenBucket(1, 3, c.now);
    expect(bucket.tryTake(2)).toBe(true);
    expect(bucket.tryTake(2)).toBe(false);
    expect(bucket.available()).toBe(1);
  });

  test('a clock that steps back refills nothing', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 1, c.now);
    bucket.tryTake();
    c.advance(-500);
    expect(bucket.tryTake()).toBe(false);
  });

  test('refuses nonsense settings', () => {
    expect(() => new TokenBucket(0, 1)).toThrow();
    expect(() => new TokenBucket(1, 0)).toThrow();
  });
});
