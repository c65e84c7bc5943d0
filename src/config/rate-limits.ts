/** Who a named limiter counts a request against. */
export type RateLimitKeyBy = 'user-or-ip' | 'ip';

/** One named limiter for host routes (`@RateLimit(name)`), Laravel's `RateLimiter::for()`. */
export interface NamedRateLimit {
  maxAttempts: number;
  decaySeconds: number;
  /** `user-or-ip` (default): the authenticated user's id, else the client address; `ip`: always the address. */
  by?: RateLimitKeyBy;
}

export type RateLimiters = Record<string, NamedRateLimit> & { api: NamedRateLimit };

/**
 * Laravel's `throttle:60,1` syntax: `<max attempts>,<decay minutes>` (minutes default to 1).
 * Throws an error naming the variable.
 */
export function parseThrottleSpec(name: string, value: string | undefined, fallback: NamedRateLimit): NamedRateLimit {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d+)\s*(?:,\s*(\d+))?$/.exec(value);
  const maxAttempts = Number(match?.[1]);
  const minutes = Number(match?.[2] ?? '1');
  if (!match || !Number.isSafeInteger(maxAttempts) || maxAttempts < 1 || !Number.isSafeInteger(minutes) || minutes < 1) {
    throw new Error(`${name} must be "<max attempts>,<decay minutes>" with positive whole numbers, such as 60,1, got "${value}"`);
  }
  return { maxAttempts, decaySeconds: minutes * 60 };
}
