import { api } from './api.ts';
import { Store } from './store.ts';

/**
 * The timer runs on the server's clock; phones' clocks are often minutes off. We estimate the
 * offset the NTP way: ask for the server time and assume the answer was made halfway through the
 * round trip.
 */
export class ServerClock {
  /** Milliseconds to add to Date.now() to get the server's time. */
  readonly offset = new Store<number>(0);
  private reading: Promise<void> | null = null;

  constructor(private readonly fetchServerNow: () => Promise<number>) {}

  now(): number {
    return Date.now() + this.offset.get();
  }

  /**
   * Reads the server's clock once for this clock's life: later calls share that reading. One
   * round trip, not several: on a slow phone link each is 400 ms or more of a connection the room
   * is still loading on, and the timer shows whole seconds.
   */
  sync(): Promise<void> {
    return (this.reading ??= this.readOnce());
  }

  private async readOnce(): Promise<void> {
    const sentAt = Date.now();
    try {
      const serverNow = await this.fetchServerNow();
      this.offset.set(Math.round(serverNow - (sentAt + Date.now()) / 2));
    } catch {
      // Offline: keep the last estimate, and read again the next time a room view asks.
      this.reading = null;
    }
  }
}

/**
 * The page's one server clock: every room view this page opens uses it, so /api/time is asked
 * once per page (the facilitator's screen and its projector tab are pages of their own).
 */
export const pageClock = new ServerClock(async () => (await api.time()).now);
