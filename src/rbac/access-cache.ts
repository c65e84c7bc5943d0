import { Injectable } from '@nestjs/common';
import type { EffectiveAccess } from './effective-access';

const MAX_ENTRIES = 10_000;

export const accessKey = (userId: number, teamId: number | null) => `${userId}:${teamId ?? 'global'}`;

/**
 * In-process cache of EffectiveAccess per (user, team). Any RBAC change clears all of it:
 * changes are rare, and a role edit touches every holder anyway.
 *
 * A load that was running when the cache was cleared may have read the old rows; the generation
 * counter keeps such a result out of the cache (it still answers the request that asked).
 * Concurrent misses for one key share one load, so a cold cache never causes a query storm.
 */
@Injectable()
export class AccessCache {
  private readonly entries = new Map<string, EffectiveAccess>();
  private readonly loading = new Map<string, Promise<EffectiveAccess>>();
  /** Whole-table reads (the permission list), cleared with everything else. */
  private readonly catalogues = new Map<string, unknown>();
  private generation = 0;

  /** Counts catalogues too: the version poll must keep running while anything is cached. */
  get size(): number {
    return this.entries.size + this.catalogues.size;
  }

  /** A cached whole-table read; kept only if no change happened while it was loading. */
  async catalogue<T>(name: string, load: () => Promise<T>): Promise<T> {
    if (this.catalogues.has(name)) return this.catalogues.get(name) as T;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.catalogues.set(name, value);
    return value;
  }

  get(key: string): EffectiveAccess | undefined {
    return this.entries.get(key);
  }

  /** The cached value, else the running load for this key, else a new load (whose result is kept). */
  async getOrLoad(key: string, load: () => Promise<EffectiveAccess>): Promise<EffectiveAccess> {
    const cached = this.entries.get(key);
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
    this.entries.set(key, access);
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  currentGeneration(): number {
    return this.generation;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.catalogues.clear();
    // Later callers must not join a load that may have read the old rows.
    this.loading.clear();
  }
}
