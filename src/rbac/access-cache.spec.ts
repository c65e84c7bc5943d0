import type { Invalidation, InvalidationBus, InvalidationListener } from '../cache/invalidation-bus';
import { ACCESS_TTL_MS, AccessCache, accessKey } from './access-cache';
import { EffectiveAccess } from './effective-access';

/** The part of InvalidationBus the cache uses, driven by hand: `reliable` is the LISTEN connection being up. */
class FakeBus {
  reliable = true;
  private readonly listeners: InvalidationListener[] = [];
  subscribe(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }
  emit(event: Invalidation | 'reset'): void {
    for (const listener of this.listeners) listener(event);
  }
}

const cacheOn = (bus = new FakeBus(), now?: () => number) => new AccessCache(bus as unknown as InvalidationBus, now);

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
    const cache = cacheOn();
    const load = jest.fn(async () => access('a'));
    await cache.getOrLoad('k', load);
    const second = await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second.permissions).toEqual(['a']);
  });

  it('shares one load between concurrent misses of a key', async () => {
    const cache = cacheOn();
    const gate = deferred<EffectiveAccess>();
    const load = jest.fn(() => gate.promise);
    const all = Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('k', load)));
    gate.resolve(access('a'));
    expect(new Set(await all).size).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('clear() drops every entry', async () => {
    const cache = cacheOn();
    await cache.getOrLoad('k', async () => access('a'));
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
    const reloaded = await cache.getOrLoad('k', async () => access('b'));
    expect(reloaded.permissions).toEqual(['b']);
  });

  it('does not keep a load that was running when the cache was cleared', async () => {
    const cache = cacheOn();
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
    const cache = cacheOn();
    const generation = cache.currentGeneration();
    cache.clear();
    cache.store('k', access('old'), generation);
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets a failed load so the next call retries', async () => {
    const cache = cacheOn();
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await expect(cache.getOrLoad('k', async () => access('a'))).resolves.toBeInstanceOf(EffectiveAccess);
  });
});

describe('AccessCache time-to-live', () => {
  it('serves an entry until it is ACCESS_TTL_MS old, then loads it again', async () => {
    let now = 1_000_000;
    const cache = cacheOn(undefined, () => now);
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
    const cache = cacheOn(undefined, () => now);
    let loads = 0;
    const load = async () => [`v${++loads}`];
    await cache.catalogue('permissions', load);
    now += ACCESS_TTL_MS;
    expect(await cache.catalogue('permissions', load)).toEqual(['v2']);
  });
});

describe('AccessCache catalogues', () => {
  it('serves a whole-table read from memory until the cache is cleared', async () => {
    const cache = cacheOn();
    let loads = 0;
    const load = async () => [`v${++loads}`];
    expect(await cache.catalogue('permissions', load)).toEqual(['v1']);
    expect(await cache.catalogue('permissions', load)).toEqual(['v1']);
    cache.clear();
    expect(await cache.catalogue('permissions', load)).toEqual(['v2']);
  });

  it('does not keep a read that raced a change', async () => {
    const cache = cacheOn();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const pending = cache.catalogue('permissions', async () => (await slow, ['old']));
    cache.clear();
    release();
    expect(await pending).toEqual(['old']);
    expect(await cache.catalogue('permissions', async () => ['new'])).toEqual(['new']);
  });
});

describe('AccessCache on the invalidation bus', () => {
  /** A cache holding 'k' (loaded as v1) and a catalogue; `load` counts its calls. */
  async function warmed(bus = new FakeBus()) {
    const cache = cacheOn(bus);
    let loads = 0;
    const load = jest.fn(async () => access(`v${++loads}`));
    await cache.getOrLoad('k', load);
    await cache.catalogue('permissions', async () => ['p1']);
    return { bus, cache, load };
  }

  it('clears on an rbac event, from this instance or another one', async () => {
    const { bus, cache, load } = await warmed();
    bus.emit({ kind: 'rbac', key: '42' });
    expect(cache.get('k')).toBeUndefined();
    expect((await cache.getOrLoad('k', load)).permissions).toEqual(['v2']);
    expect(await cache.catalogue('permissions', async () => ['p2'])).toEqual(['p2']);
  });

  it('keeps its entries on credential events', async () => {
    const { bus, cache } = await warmed();
    for (const kind of ['user', 'session', 'token', 'user-sessions', 'user-tokens'] as const) bus.emit({ kind, key: 1 });
    bus.emit({ kind: 'user', key: '*' });
    expect(cache.get('k')?.permissions).toEqual(['v1']);
  });

  it('clears when the LISTEN connection is back (notifications may have been missed meanwhile)', async () => {
    const { bus, cache } = await warmed();
    bus.emit('reset');
    expect(cache.get('k')).toBeUndefined();
    expect(await cache.catalogue('permissions', async () => ['p2'])).toEqual(['p2']);
  });

  it('is bypassed while the LISTEN connection is down: every call loads, nothing is kept', async () => {
    const { bus, cache, load } = await warmed();
    bus.reliable = false;
    expect(cache.get('k')).toBeUndefined();
    expect((await cache.getOrLoad('k', load)).permissions).toEqual(['v2']);
    expect((await cache.getOrLoad('k', load)).permissions).toEqual(['v3']);
    expect(await cache.catalogue('permissions', async () => ['p2'])).toEqual(['p2']);
    expect(await cache.catalogue('permissions', async () => ['p3'])).toEqual(['p3']);
    const generation = cache.currentGeneration();
    cache.store('other', access('x'), generation);
    bus.reliable = true;
    expect(cache.get('other')).toBeUndefined();
  });

  it('does not keep a load that was running when the connection came back', async () => {
    const bus = new FakeBus();
    const cache = cacheOn(bus);
    const gate = deferred<EffectiveAccess>();
    bus.reliable = false;
    const pending = cache.getOrLoad('k', () => gate.promise);
    bus.reliable = true;
    bus.emit('reset');
    gate.resolve(access('read-while-down'));
    await pending;
    expect(cache.get('k')).toBeUndefined();
  });
});
