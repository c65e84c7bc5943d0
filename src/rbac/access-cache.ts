import { Inject, Injectable, Optional } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import type { EffectiveAccess } from './effective-access';

const MAX_ENTRIES = 10_000;
/**
 * Staleness bound should an invalidation ever be missed (a write with the triggers disabled);
 * changes normally act within milliseconds. As the credential caches.
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
 * In-process cache of EffectiveAccess per (user, team). Any RBAC change clears all of it: changes
 * are rare, a role edit touches every holder anyway, and the notification (`rbac:<version>`) does
 * not say which users a change reaches, so dropping less could not be exact.
 *
 * Invalidation is the credential caches' own transport (InvalidationBus): an `rbac` event from
 * this instance's RbacTransactions (at once) or from the rbac_version trigger's NOTIFY (every
 * instance), and a reset when the LISTEN connection comes back (notifications may have been
 * missed). While that connection is down the cache is bypassed: every check reads the database.
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

  constructor(
    private readonly bus: InvalidationBus,
    @Optional() @Inject(ACCESS_CACHE_CLOCK) private readonly now: () => number = Date.now,
  ) {
    bus.subscribe((event) => {
      if (event === 'reset' || event.kind === 'rbac') this.clear();
    });
  }

  /** A cached whole-table read; kept only if no change happened while it was loading. */
  async catalogue<T>(name: string, load: () => Promise<T>): Promise<T> {
    const cached = this.fresh(this.catalogues, name);
    if (cached) return cached.value as T;
    const generation = this.generation;
    const value = await load();
    if (this.storable(generation)) this.catalogues.set(name, { value, storedAt: this.now() });
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
    if (!this.storable(generation)) return;
    this.entries.delete(key);
    this.entries.set(key, { value: access, storedAt: this.now() });
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  currentGeneration(): number {
    return this.generation;
  }

  /**
   * Only while remote invalidations are guaranteed to arrive; when they are again, the reset has
   * cleared the generation this load started at, so nothing read meanwhile is kept either.
   */
  private storable(generation: number): boolean {
    return this.bus.reliable && generation === this.generation;
  }

  private fresh<T>(map: Map<string, Timed<T>>, key: string): Timed<T> | undefined {
    if (!this.bus.reliable) return undefined;
    const entry = map.get(key);
    if (entry && this.now() - entry.storedAt >= ACCESS_TTL_MS) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.catalogues.clear();
    // Later callers must not join a load that may have read the old rows.
    this.loading.clear();
  }
}
