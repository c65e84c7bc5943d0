import { Clock } from '../common/clock';
import { CachedToken, CredentialCache } from './credential-cache';
import type { InvalidationBus, InvalidationListener } from './invalidation-bus';

class FixedClock extends Clock {
  constructor(public at: number) {
    super();
  }
  override now(): number {
    return this.at;
  }
}

/** A bus whose LISTEN connection is up (caches on) and that never delivers anything. */
const quietBus = { reliable: true, subscribe: () => undefined } as unknown as InvalidationBus;

/** The fields the spec reads back; the real TokenRecord has more. */
interface TestToken extends CachedToken {
  expiresAt: Date | null;
}

const token = (expiresAt: Date | null): TestToken => ({
  id: 7,
  userId: 1,
  expiresAt,
});

describe('CredentialCache tokens', () => {
  const start = Date.parse('2030-01-01T00:00:00Z');

  it('never serves a token past the expiry it was stored with, even if no invalidation ever arrives', () => {
    const clock = new FixedClock(start);
    const cache = new CredentialCache(quietBus, clock);
    const expiresAt = new Date(start + 5_000);
    cache.rememberToken('hash', token(expiresAt), cache.generation, expiresAt);
    clock.at = start + 4_999;
    expect(cache.token('hash')?.id).toBe(7);
    clock.at = start + 5_000;
    expect(cache.token('hash')).toBeUndefined();
    clock.at = start + 4_000; // a clock that steps back does not resurrect it
    expect(cache.token('hash')).toBeUndefined();
  });

  it('keeps a token without expiry for the cache TTL only', () => {
    const clock = new FixedClock(start);
    const cache = new CredentialCache(quietBus, clock);
    cache.rememberToken('hash', token(null), cache.generation, null);
    clock.at = start + 59_999;
    expect(cache.token('hash')).toBeDefined();
    clock.at = start + 60_000;
    expect(cache.token('hash')).toBeUndefined();
  });

  it('does not store a token that has already expired', () => {
    const clock = new FixedClock(start);
    const cache = new CredentialCache(quietBus, clock);
    cache.rememberToken('hash', token(new Date(start)), cache.generation, new Date(start));
    expect(cache.token('hash')).toBeUndefined();
  });
});

describe('CredentialCache and RBAC events on the shared bus', () => {
  it('keeps its credentials, and lets a racing load be stored, when only RBAC changed', () => {
    let deliver!: InvalidationListener;
    const bus = { reliable: true, subscribe: (listener: InvalidationListener) => (deliver = listener) } as unknown as InvalidationBus;
    const cache = new CredentialCache(bus, new FixedClock(0));
    cache.rememberToken('hash', token(null), cache.generation, null);
    const generation = cache.generation;
    deliver({ kind: 'rbac', key: '9' });
    expect(cache.token('hash')?.id).toBe(7);
    expect(cache.generation).toBe(generation);
    deliver({ kind: 'token', key: 7 });
    expect(cache.token('hash')).toBeUndefined();
  });
});
