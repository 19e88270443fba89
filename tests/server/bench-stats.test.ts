import { describe, expect, test } from 'vitest';
import { cpuPercent, cpuUsPerNote } from '../../bench/server/stats.ts';

// Issue 15 holds Tributary's CPU within 10% of the same build without validation. At the
// 1,500-connection scenario's 17-19% of a core, whole percents alone moved that ratio by up to 6%
// (19% vs 17% read 1.12x whatever the tenths were).
describe('bench CPU figures', () => {
  test('a server CPU percentage keeps its tenths, so a ratio of two is not a ratio of roundings', () => {
    // 18.5% and 17.4% of a 24 s window: 1.06x, not 19 / 17 = 1.12x.
    const validated = cpuPercent(4440, 24_000);
    const unvalidated = cpuPercent(4176, 24_000);
    expect(validated).toBe(18.5);
    expect(unvalidated).toBe(17.4);
    expect(validated / unvalidated).toBeLessThan(1.1);
  });

  test('CPU per note counts every note the window held, and none when nothing was written', () => {
    expect(cpuUsPerNote(4440, 6000)).toBe(740);
    expect(cpuUsPerNote(4440, 0)).toBeNull();
  });
});
