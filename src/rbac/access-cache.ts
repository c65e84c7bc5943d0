import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EffectiveAccess } from './effective-access';

const MAX_ENTRIES = 10_000;
/**
 * Staleness bound should an invalidation ever be missed (a version restored to an old value, a
 * write with the triggers disabled); changes normally act within one poll. As the credential caches.
 */
export const ACCESS_TTL_MS = 60_000;

/** Milliseconds now; injectable so tests can move time. */
export const ACCESS_CACHE_CLOCK = 'gatehouse:access-cache-clock';

interface Timed<T> {
  value: T;
  storedAt: number;
}

export const accessKey = (userId: number, teamId: number | null) => `${userId}:${teamId ?? 'global'}`;

/**
 * In-process cache of EffectiveAccess per (user, team). Any RBAC change clears all of it:
 * changes are rare, and a role edit touches every holder anyway.
 *
 * A load that was running when the cache was cleared may have read the old rows; the generation
 * counter keeps such a result out of the cache (it still answers the request that asked).
 * Concurrent misses for one key share one load, so a cold cache never causes a query storm.
 * Entries also expire ACCESS_TTL_MS after they were stored.
 */
@Injectable()
export class AccessCache {
  private readonly entries = new Map<string, Timed<EffectiveAccess>>();
  private readonly loading = new Map<string, Promise<EffectiveAccess>>();
  /** Whole-table reads (the permission list), cleared with everything else. */
  private readonly catalogues = new Map<string, Timed<unknown>>();
  private generation = 0;

  constructor(@Optional() @Inject(ACCESS_CACHE_CLOCK) private readonly now: () => number = Date.now) {}

  /**
   * Counts catalogues too: the version poll must keep running while anything is cached. Expired
   * entries are dropped first, so an idle instance stops polling once its entries have expired.
   */
  get size(): number {
    this.dropExpired();
    return this.entries.size + this.catalogues.size;
  }

  /** A cached whole-table read; kept only if no change happened while it was loading. */
  async catalogue<T>(name: string, load: () => Promise<T>): Promise<T> {
    const cached = this.fresh(this.catalogues, name);
    if (cached) return cached.value as T;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.catalogues.set(name, { value, storedAt: this.now() });
    return value;
  }

  get(key: string): EffectiveAccess | undefined {
    return this.fresh(this.entries, key)?.value;
  }

  /** The cached value, else the running load for this key, else a new load (whose result is kept). */
  async getOrLoad(key: string, load: () => Promise<EffectiveAccess>): Promise<EffectiveAccess> {
    const cached = this.get(key);
    if (cached) return cached;
    const running = this.loading.get(key);
    if (running) return running;
    const generation = this.generation;
    const promise = load().then((access) => {
      this.store(key, access, generation);
      return access;
    });
    this.loading.set(key, promise);
    try {
      return await promise;
    } finally {
      if (this.loading.get(key) === promise) this.loading.delete(key);
    }
  }

  /** Keeps `access` only if nothing was invalidated since its load started at `generation`. */
  store(key: string, access: EffectiveAccess, generation: number): void {
    if (generation !== this.generation) return;
    this.entries.delete(key);
    this.entries.set(key, { value: access, storedAt: this.now() });
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  currentGeneration(): number {
    return this.generation;
  }

  private fresh<T>(map: Map<string, Timed<T>>, key: string): Timed<T> | undefined {
    const entry = map.get(key);
    if (entry && this.now() - entry.storedAt >= ACCESS_TTL_MS) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Maps iterate in insertion order, and every entry lives as long: the expired ones come first. */
  private dropExpired(): void {
    const cutoff = this.now() - ACCESS_TTL_MS;
    for (const map of [this.entries, this.catalogues] as Array<Map<string, Timed<unknown>>>) {
      for (const [key, entry] of map) {
        if (entry.storedAt > cutoff) break;
        map.delete(key);
      }
    }
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.catalogues.clear();
    // Later callers must not join a load that may have read the old rows.
    this.loading.clear();
  }
}
