import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../client/src/sync/serverClock.ts';

/**
 * Issue 17: the timer's clock offset is read once per page. On a slow phone link every reading is
 * a round trip of 400 ms or more, made while the room is still loading.
 */
describe('the server clock', () => {
  it('reads the server once, however many room views ask', async () => {
    let readings = 0;
    const clock = new ServerClock(async () => {
      readings++;
      return Date.now() + 60_000;
    });
    await Promise.all([clock.sync(), clock.sync()]);
    await clock.sync();
    expect(readings).toBe(1);
    // A minute ahead, give or take half the round trip.
    expect(Math.abs(clock.offset.get() - 60_000)).toBeLessThan(1_000);
  });

  it('after a failed reading (no signal), keeps the last estimate and tries again next time', async () => {
    let readings = 0;
    let online = false;
    const clock = new ServerClock(async () => {
      readings++;
      if (!online) throw new Error('offline');
      return Date.now() - 30_000;
    });
    await clock.sync();
    expect(clock.offset.get()).toBe(0);
    online = true;
    await clock.sync();
    await clock.sync();
    expect(readings).toBe(2);
    expect(Math.abs(clock.offset.get() + 30_000)).toBeLessThan(1_000);
  });
});
