import { ACCESS_TTL_MS, AccessCache, accessKey } from './access-cache';
import { EffectiveAccess } from './effective-access';

const access = (...permissions: string[]) => new EffectiveAccess([], permissions, 'super-admin');

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('accessKey', () => {
  it('separates the global scope from every team', () => {
    expect(accessKey(1, null)).not.toBe(accessKey(1, 0));
    expect(accessKey(1, 2)).not.toBe(accessKey(12, null));
  });
});

describe('AccessCache', () => {
  it('loads once and then serves from memory', async () => {
    const cache = new AccessCache();
    const load = jest.fn(async () => access('a'));
    await cache.getOrLoad('k', load);
    const second = await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second.permissions).toEqual(['a']);
  });

  it('shares one load between concurrent misses of a key', async () => {
    const cache = new AccessCache();
    const gate = deferred<EffectiveAccess>();
    const load = jest.fn(() => gate.promise);
    const all = Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('k', load)));
    gate.resolve(access('a'));
    expect(new Set(await all).size).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('clear() drops every entry', async () => {
    const cache = new AccessCache();
    await cache.getOrLoad('k', async () => access('a'));
    cache.clear();
    expect(cache.size).toBe(0);
    const reloaded = await cache.getOrLoad('k', async () => access('b'));
    expect(reloaded.permissions).toEqual(['b']);
  });

  it('does not keep a load that was running when the cache was cleared', async () => {
    const cache = new AccessCache();
    const gate = deferred<EffectiveAccess>();
    const stale = cache.getOrLoad('k', () => gate.promise);
    cache.clear();
    // A caller arriving after the clear must not join the old load.
    const fresh = cache.getOrLoad('k', async () => access('new'));
    gate.resolve(access('old'));
    expect((await stale).permissions).toEqual(['old']);
    expect((await fresh).permissions).toEqual(['new']);
    expect(cache.get('k')?.permissions).toEqual(['new']);
  });

  it('store() ignores results computed before a clear', () => {
    const cache = new AccessCache();
    const generation = cache.currentGeneration();
    cache.clear();
    cache.store('k', access('old'), generation);
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets a failed load so the next call retries', async () => {
    const cache = new AccessCache();
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(cache.getOrLoad('k', async () => access('a'))).resolves.toBeInstanceOf(EffectiveAccess);
  });
});

describe('AccessCache time-to-live', () => {
  it('serves an entry until it is ACCESS_TTL_MS old, then loads it again', async () => {
    let now = 1_000_000;
    const cache = new AccessCache(() => now);
    let loads = 0;
    const load = jest.fn(async () => access(`v${++loads}`));
    await cache.getOrLoad('k', load);
    now += ACCESS_TTL_MS - 1;
    expect((await cache.getOrLoad('k', load)).permissions).toEqual(['v1']);
    expect(cache.get('k')).toBeDefined();
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect((await cache.getOrLoad('k', load)).permissions).toEqual(['v2']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('expires catalogues too', async () => {
    let now = 0;
    const cache = new AccessCache(() => now);
    let loads = 0;
    const load = async () => [`v${++loads}`];
    await cache.catalogue('permissions', load);
    now += ACCESS_TTL_MS;
    expect(await cache.catalogue('permissions', load)).toEqual(['v2']);
  });

  it('lets the version poll stop once everything has expired', async () => {
    let now = 0;
    const cache = new AccessCache(() => now);
    await cache.getOrLoad('k', async () => access('a'));
    await cache.catalogue('permissions', async () => []);
    expect(cache.size).toBe(2);
    now += ACCESS_TTL_MS;
    expect(cache.size).toBe(0);
  });
});

describe('AccessCache catalogues', () => {
  it('serves a whole-table read from memory until the cache is cleared', async () => {
    const cache = new AccessCache();
    let loads = 0;
    const load = async () => [`v${++loads}`];
    expect(await cache.catalogue('permissions', load)).toEqual(['v1']);
    expect(await cache.catalogue('permissions', load)).toEqual(['v1']);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(await cache.catalogue('permissions', load)).toEqual(['v2']);
  });

  it('does not keep a read that raced a change', async () => {
    const cache = new AccessCache();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const pending = cache.catalogue('permissions', async () => (await slow, ['old']));
    cache.clear();
    release();
    expect(await pending).toEqual(['old']);
    expect(await cache.catalogue('permissions', async () => ['new'])).toEqual(['new']);
  });
});
