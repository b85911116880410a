import { describe, expect, it } from 'vitest';
import { TooManyRequests } from './errors.js';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows the limit per window per key, then refuses with a retry time', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    limiter.hit('a', 'x');
    limiter.hit('a', 'x');
    limiter.hit('b', 'x');
    now = 30_000;
    const err = (() => {
      try {
        limiter.hit('a', 'sessions');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TooManyRequests);
    expect((err as TooManyRequests).retryAfterSeconds).toBe(30);
    now = 60_000;
    expect(() => limiter.hit('a', 'x')).not.toThrow();
  });
});
