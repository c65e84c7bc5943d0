import { Injectable } from '@nestjs/common';

/** One key's fixed window as a store sees it. */
export interface RateLimitState {
  /** Hits counted in the current window; 0 when there is none. */
  attempts: number;
  /** Whole seconds until the window ends (rounded up); 0 when there is none. */
  resetInSeconds: number;
}

export interface AttemptResult {
  allowed: boolean;
  /** Seconds until the window ends when refused (for `Retry-After`); 0 when allowed. */
  retryAfter: number;
  /** Hits still allowed in this window after this one. */
  remaining: number;
}

/**
 * Persists fixed windows (Laravel's RateLimiter): the first hit starts a window of decaySeconds and
 * the counter expires with it; later hits never extend it. Implementations must count concurrent
 * hits from several processes exactly, and must not keep raw keys (they hold emails and IPs).
 */
export abstract class RateLimitStore {
  /** Atomically counts one hit and returns the state after it. */
  abstract hit(key: string, decaySeconds: number): Promise<RateLimitState>;
  abstract attempts(key: string): Promise<RateLimitState>;
  abstract clear(key: string): Promise<void>;
  /** Deletes expired windows; returns how many (0 for stores that expire keys themselves). */
  abstract prune(): Promise<number>;
}

export const EMPTY_WINDOW: RateLimitState = { attempts: 0, resetInSeconds: 0 };

/** Retry-After style seconds: rounded up so a client never retries a moment too early. */
export function secondsLeft(milliseconds: number): number {
  return milliseconds > 0 ? Math.ceil(milliseconds / 1000) : 0;
}

/** The hit that made the count decides: with an atomic increment, parallel requests cannot share a slot. */
export function decideAttempt(state: RateLimitState, maxAttempts: number): AttemptResult {
  const allowed = state.attempts <= maxAttempts;
  return {
    allowed,
    retryAfter: allowed ? 0 : Math.max(state.resetInSeconds, 1),
    remaining: Math.max(maxAttempts - state.attempts, 0),
  };
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
}

@Injectable()
export class RateLimiter {
  constructor(private readonly store: RateLimitStore) {}

  /** Read-only check (Laravel's tooManyAttempts): an expired window counts as none. */
  async tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    assertPositive('maxAttempts', maxAttempts);
    const { attempts } = await this.store.attempts(key);
    return attempts >= maxAttempts;
  }

  /** Counts one hit; returns the attempts in the window including it. */
  async hit(key: string, decaySeconds: number): Promise<number> {
    assertPositive('decaySeconds', decaySeconds);
    const { attempts } = await this.store.hit(key, decaySeconds);
    return attempts;
  }

  async attempts(key: string): Promise<number> {
    return (await this.store.attempts(key)).attempts;
  }

  clear(key: string): Promise<void> {
    return this.store.clear(key);
  }

  /** Seconds until the key's window ends; 0 when it has none. */
  async availableIn(key: string): Promise<number> {
    return (await this.store.attempts(key)).resetInSeconds;
  }

  /**
   * Hits first and lets the resulting count decide. Unlike tooManyAttempts-then-hit, this cannot be
   * raced: of N parallel calls exactly maxAttempts are allowed per window, across all instances.
   */
  async attempt(key: string, maxAttempts: number, decaySeconds: number): Promise<AttemptResult> {
    assertPositive('maxAttempts', maxAttempts);
    assertPositive('decaySeconds', decaySeconds);
    return decideAttempt(await this.store.hit(key, decaySeconds), maxAttempts);
  }
}
