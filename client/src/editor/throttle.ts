/**
 * Sends the latest value at most once per `interval` ms, always sending the last one
 * (trailing edge), so a pointer that stops still ends up in the right place for others.
 */
export class Throttle<T> {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly send: (value: T) => void,
    private readonly interval = 50,
    private readonly now: () => number = () => Date.now(),
  ) {}

  push(value: T): void {
    const elapsed = this.now() - this.last;
    if (elapsed >= this.interval && !this.timer) {
      this.last = this.now();
      this.send(value);
      return;
    }
    this.pending = { value };
    if (!this.timer) {
      this.timer = setTimeout(() => this.fire(), Math.max(0, this.interval - elapsed));
    }
  }

  private fire(): void {
    this.timer = null;
    if (!this.pending) return;
    const { value } = this.pending;
    this.pending = null;
    this.last = this.now();
    this.send(value);
  }

  /** Sends `value` now and forgets anything pending (a drop, a pointer leaving). */
  flush(value: T): void {
    this.cancel();
    this.last = this.now();
    this.send(value);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
