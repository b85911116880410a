// A fixed-window counter per key (a client address): enough to stop one
// client from starting engines in a loop, without any shared state.
import { TooManyRequests } from './errors.js';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for key; throws TooManyRequests past the limit. */
  hit(key: string, what: string): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.limit) {
      const retry = Math.ceil((window.start + this.windowMs - now) / 1000);
      throw new TooManyRequests(`Too many ${what}; try again in ${retry} s.`, retry);
    }
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
