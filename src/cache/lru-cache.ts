/**
 * A bounded map with a time-to-live: the TTL bounds staleness if an invalidation is ever
 * missed; the size bound keeps memory flat under any number of credentials.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxSize: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** `deadline` (epoch ms) ends the entry sooner than the TTL would, e.g. when the value itself expires. */
  set(key: K, value: V, deadline = Infinity): void {
    this.entries.delete(key);
    const expiresAt = Math.min(this.now() + this.ttlMs, deadline);
    if (expiresAt <= this.now()) return;
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size > this.maxSize) {
      // Maps iterate in insertion order: the first key is the least recently written.
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Removes every entry whose value matches (e.g. all sessions of one user). */
  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) if (predicate(entry.value, key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
