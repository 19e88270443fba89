/** Milliseconds from some fixed point; injected so tests need no real time. */
export type Clock = () => number;

/**
 * A token bucket: holds up to `burst` tokens and refills at `perSecond`. Each unit of work
 * takes one token; when none is left, the caller waits `msUntilAvailable()` (it does not drop).
 * Pure apart from the clock, so it is tested with an injected one.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: Clock = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new Error('TokenBucket: perSecond must be above 0');
    if (!(burst >= 1)) throw new Error('TokenBucket: burst must be at least 1');
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.last;
    // A clock that goes backwards (it should not) refills nothing rather than draining.
    if (elapsed > 0) this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    this.last = now;
  }

  /** Takes `count` tokens if there are that many; returns whether it did. */
  tryTake(count = 1): boolean {
    this.refill();
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Tokens available now (fractional while refilling). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** How long until `count` tokens are available; 0 when they already are. */
  msUntilAvailable(count = 1): number {
    this.refill();
    if (this.tokens >= count) return 0;
    return ((count - this.tokens) * 1000) / this.perSecond;
  }
}
