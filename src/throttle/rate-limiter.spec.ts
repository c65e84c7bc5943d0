import { decideAttempt, RateLimiter, RateLimitState, RateLimitStore, secondsLeft } from './rate-limiter';

/** Fixed windows over a fake clock: the semantics every real store must have. */
class FakeStore extends RateLimitStore {
  now = 0;
  private readonly windows = new Map<string, { attempts: number; resetAt: number }>();

  async hit(key: string, decaySeconds: number): Promise<RateLimitState> {
    const current = this.windows.get(key);
    const window = current && current.resetAt > this.now ? current : { attempts: 0, resetAt: this.now + decaySeconds * 1000 };
    window.attempts += 1;
    this.windows.set(key, window);
    return this.state(window);
  }
  async attempts(key: string): Promise<RateLimitState> {
    const window = this.windows.get(key);
    return window && window.resetAt > this.now ? this.state(window) : { attempts: 0, resetInSeconds: 0 };
  }
  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }
  async prune(): Promise<number> {
    return 0;
  }
  private state(window: { attempts: number; resetAt: number }): RateLimitState {
    return { attempts: window.attempts, resetInSeconds: secondsLeft(window.resetAt - this.now) };
  }
}

describe('secondsLeft', () => {
  it('rounds up so a client never retries too early', () => {
    expect(secondsLeft(59_001)).toBe(60);
    expect(secondsLeft(60_000)).toBe(60);
    expect(secondsLeft(1)).toBe(1);
  });

  it('is 0 for an expired or missing window', () => {
    expect(secondsLeft(0)).toBe(0);
    expect(secondsLeft(-2)).toBe(0);
  });
});

describe('decideAttempt', () => {
  it('allows up to and including the max-th hit', () => {
    expect(decideAttempt({ attempts: 1, resetInSeconds: 60 }, 5)).toEqual({ allowed: true, retryAfter: 0, remaining: 4 });
    expect(decideAttempt({ attempts: 5, resetInSeconds: 60 }, 5)).toEqual({ allowed: true, retryAfter: 0, remaining: 0 });
  });

  it('refuses the hit after the max with the seconds left in the window', () => {
    expect(decideAttempt({ attempts: 6, resetInSeconds: 42 }, 5)).toEqual({ allowed: false, retryAfter: 42, remaining: 0 });
  });

  it('never tells a refused client to retry after 0 seconds', () => {
    expect(decideAttempt({ attempts: 9, resetInSeconds: 0 }, 5).retryAfter).toBe(1);
  });
});

describe('RateLimiter', () => {
  let store: FakeStore;
  let limiter: RateLimiter;

  beforeEach(() => {
    store = new FakeStore();
    limiter = new RateLimiter(store);
  });

  it('reports too many attempts once the count reaches the max', async () => {
    for (let i = 0; i < 4; i++) await limiter.hit('k', 60);
    expect(await limiter.tooManyAttempts('k', 5)).toBe(false);
    expect(await limiter.hit('k', 60)).toBe(5);
    expect(await limiter.tooManyAttempts('k', 5)).toBe(true);
  });

  it('keeps the window fixed from the first hit', async () => {
    await limiter.hit('k', 60);
    store.now = 30_000;
    await limiter.hit('k', 60);
    expect(await limiter.availableIn('k')).toBe(30);
    store.now = 60_000;
    expect(await limiter.attempts('k')).toBe(0);
    expect(await limiter.tooManyAttempts('k', 1)).toBe(false);
  });

  it('forgets a key on clear', async () => {
    await limiter.hit('k', 60);
    await limiter.clear('k');
    expect(await limiter.attempts('k')).toBe(0);
    expect(await limiter.availableIn('k')).toBe(0);
  });

  it('attempt() allows max hits per window, then refuses with Retry-After', async () => {
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await limiter.attempt('k', 5, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(results[5].retryAfter).toBe(60);
    store.now = 60_000;
    expect(await limiter.attempt('k', 5, 60)).toEqual({ allowed: true, retryAfter: 0, remaining: 4 });
  });

  it('rejects a non-positive limit or decay instead of silently never throttling', async () => {
    await expect(limiter.attempt('k', 0, 60)).rejects.toThrow(RangeError);
    await expect(limiter.hit('k', 0)).rejects.toThrow(RangeError);
    await expect(limiter.hit('k', Number.NaN)).rejects.toThrow(RangeError);
  });
});
