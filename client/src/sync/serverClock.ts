import { Store } from './store.ts';

/**
 * The timer runs on the server's clock; phones' clocks are often minutes off. We estimate the
 * offset the NTP way: ask for the server time a few times and trust the quickest round trip,
 * assuming the answer was made halfway through it.
 */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

/** Offset to add to the local clock to get server time, from the sample with the shortest round trip. */
export function offsetFromSamples(samples: readonly ClockSample[]): number {
  let best: ClockSample | null = null;
  for (const s of samples) if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  if (!best) return 0;
  return best.serverNow - (best.sentAt + best.receivedAt) / 2;
}

export class ServerClock {
  /** Milliseconds to add to Date.now() to get the server's time. */
  readonly offset = new Store<number>(0);

  constructor(private readonly fetchServerNow: () => Promise<number>) {}

  now(): number {
    return Date.now() + this.offset.get();
  }

  /** Takes a few samples and updates the offset. Failures leave the last estimate in place. */
  async sync(samples = 3): Promise<void> {
    const taken: ClockSample[] = [];
    for (let i = 0; i < samples; i++) {
      const sentAt = Date.now();
      try {
        const serverNow = await this.fetchServerNow();
        taken.push({ sentAt, receivedAt: Date.now(), serverNow });
      } catch {
        /* offline: keep the previous estimate */
      }
    }
    if (taken.length > 0) this.offset.set(Math.round(offsetFromSamples(taken)));
  }
}
