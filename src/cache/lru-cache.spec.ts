import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('returns what was set until the TTL passes', () => {
    let now = 1000;
    const cache = new LruCache<string, number>(10, 500, () => now);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    now = 1499;
    expect(cache.get('a')).toBe(1);
    now = 1500;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entry beyond its size bound', () => {
    const cache = new LruCache<string, number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // rewriting makes "a" the newest
    cache.set('c', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(3);
    expect(cache.get('c')).toBe(4);
  });

  it('deletes by key and by predicate', () => {
    const cache = new LruCache<string, { userId: number }>(10, 60_000);
    cache.set('s1', { userId: 1 });
    cache.set('s2', { userId: 1 });
    cache.set('s3', { userId: 2 });
    cache.deleteWhere((value) => value.userId === 1);
    expect([cache.get('s1'), cache.get('s2'), cache.get('s3')]).toEqual([undefined, undefined, { userId: 2 }]);
    cache.delete('s3');
    expect(cache.size).toBe(0);
  });
});
