import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CreateRateLimits1795300000300 } from '../../migrations/1795300000300-CreateRateLimits';
import { generateAppKey, sha256Hex } from '../../src/common/crypto';
import { loadConfig } from '../../src/config/config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { PostgresRateLimitStore } from '../../src/throttle/postgres-rate-limit.store';
import { RateLimiter, RateLimitStore } from '../../src/throttle/rate-limiter';
import { CONNECTION_NAME, RedisRateLimitStore } from '../../src/throttle/redis-rate-limit.store';
import { ThrottleModule } from '../../src/throttle/throttle.module';
import { adminQuery, serverUrl, withDatabase } from '../support/database';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Keys look like the login limiter's (email|ip) and are unique per test run: Redis is shared.
const uniqueKey = () => `user-${randomBytes(6).toString('hex')}@example.com|203.0.113.7`;

/** One "app instance": its own connection(s) to the shared store. */
interface Instance {
  store: RateLimitStore;
  limiter: RateLimiter;
}

/** How each backend is set up, and how to look at what it stored. */
interface Backend {
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  instances(): [Instance, Instance];
  storedKeys(): Promise<string[]>;
}

const instance = (store: RateLimitStore): Instance => ({ store, limiter: new RateLimiter(store) });

class PostgresBackend implements Backend {
  readonly database = `gh_throttle_${randomBytes(4).toString('hex')}`;
  readonly url = withDatabase(serverUrl(), this.database);
  sources: DataSource[] = [];
  private pair!: [Instance, Instance];

  async setUp() {
    await adminQuery(serverUrl(), `CREATE DATABASE ${this.database}`);
    // Two data sources = two app instances, each with its own pool, sharing one database.
    this.sources = [new DataSource(dataSourceOptions(this.url, 10)), new DataSource(dataSourceOptions(this.url, 10))];
    await Promise.all(this.sources.map((source) => source.initialize()));
    await runMigrations(this.sources[0]);
    this.pair = [instance(new PostgresRateLimitStore(this.sources[0])), instance(new PostgresRateLimitStore(this.sources[1]))];
  }
  async tearDown() {
    await Promise.all(this.sources.filter((source) => source.isInitialized).map((source) => source.destroy()));
    await adminQuery(serverUrl(), `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
  instances() {
    return this.pair;
  }
  async storedKeys() {
    const rows: { key: string }[] = await this.sources[0].query('SELECT key FROM rate_limits');
    return rows.map((row) => row.key);
  }
}

class RedisBackend implements Backend {
  private stores: RedisRateLimitStore[] = [];
  private inspector!: Redis;

  async setUp() {
    // Two connections = two app instances sharing one Redis.
    this.stores = [new RedisRateLimitStore({ redisUrl: REDIS_URL }), new RedisRateLimitStore({ redisUrl: REDIS_URL })];
    this.inspector = new Redis(REDIS_URL);
  }
  async tearDown() {
    await Promise.all(this.stores.map((store) => store.onModuleDestroy()));
    await this.inspector.quit();
  }
  instances(): [Instance, Instance] {
    return [instance(this.stores[0]), instance(this.stores[1])];
  }
  async storedKeys() {
    return this.inspector.keys('gatehouse:throttle:*');
  }
}

const BACKENDS: [string, () => Backend][] = [
  ['PostgreSQL store', () => new PostgresBackend()],
  ['Redis store', () => new RedisBackend()],
];

describe.each(BACKENDS)('RateLimiter on the %s', (_name, makeBackend) => {
  const backend = makeBackend();
  let limiter: RateLimiter;

  beforeAll(async () => {
    await backend.setUp();
    limiter = backend.instances()[0].limiter;
  });
  afterAll(() => backend.tearDown());

  it('counts hits in one fixed window', async () => {
    const key = uniqueKey();
    expect(await limiter.hit(key, 60)).toBe(1);
    expect(await limiter.hit(key, 60)).toBe(2);
    expect(await limiter.hit(key, 60)).toBe(3);
    expect(await limiter.attempts(key)).toBe(3);
    expect(await limiter.availableIn(key)).toBeGreaterThanOrEqual(59);
    expect(await limiter.availableIn(key)).toBeLessThanOrEqual(60);
    expect(await limiter.tooManyAttempts(key, 3)).toBe(true);
    expect(await limiter.tooManyAttempts(key, 4)).toBe(false);
    expect(await limiter.attempts(uniqueKey())).toBe(0);
  });

  it('later hits do not extend the window, and it expires after the decay', async () => {
    const key = uniqueKey();
    await limiter.hit(key, 2);
    await sleep(1200);
    await limiter.hit(key, 2);
    expect(await limiter.availableIn(key)).toBe(1);
    await sleep(1000);
    expect(await limiter.attempts(key)).toBe(0);
    expect(await limiter.availableIn(key)).toBe(0);
    expect(await limiter.tooManyAttempts(key, 1)).toBe(false);
    // A fresh window starts at 1 with the full decay.
    expect(await limiter.hit(key, 2)).toBe(1);
    expect(await limiter.availableIn(key)).toBe(2);
  });

  it('a refused attempt() reports Retry-After until the window ends', async () => {
    const key = uniqueKey();
    expect(await limiter.attempt(key, 1, 1)).toEqual({ allowed: true, retryAfter: 0, remaining: 0 });
    expect(await limiter.attempt(key, 1, 1)).toEqual({ allowed: false, retryAfter: 1, remaining: 0 });
    await sleep(1100);
    expect((await limiter.attempt(key, 1, 1)).allowed).toBe(true);
  });

  it('clear() forgets the key', async () => {
    const key = uniqueKey();
    await limiter.hit(key, 60);
    await limiter.hit(key, 60);
    await limiter.clear(key);
    expect(await limiter.attempts(key)).toBe(0);
    expect(await limiter.availableIn(key)).toBe(0);
    expect(await limiter.hit(key, 60)).toBe(1);
  });

  it('stores only the sha256 of the key', async () => {
    const key = uniqueKey();
    await limiter.hit(key, 60);
    const stored = (await backend.storedKeys()).join('\n');
    expect(stored).toContain(sha256Hex(key));
    expect(stored).not.toContain('@example.com');
    expect(stored).not.toContain('203.0.113.7');
  });

  it('20 parallel attempt(key, 5, 60) allow exactly 5', async () => {
    const key = uniqueKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.attempt(key, 5, 60)));
    const allowed = results.filter((result) => result.allowed);
    expect(allowed).toHaveLength(5);
    expect(allowed.map((result) => result.remaining).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const refused of results.filter((result) => !result.allowed)) {
      expect(refused.retryAfter).toBeGreaterThanOrEqual(59);
      expect(refused.retryAfter).toBeLessThanOrEqual(60);
    }
    expect(await limiter.attempts(key)).toBe(20);
  });

  it('two instances sharing the store allow exactly 5 of 20 parallel attempts', async () => {
    const key = uniqueKey();
    const [first, second] = backend.instances();
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).limiter.attempt(key, 5, 60));
    const results = await Promise.all(calls);
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
    expect(await second.limiter.attempts(key)).toBe(20);
    expect(await first.limiter.tooManyAttempts(key, 5)).toBe(true);
  });
});

describe('PostgresRateLimitStore.prune and the CreateRateLimits migration', () => {
  const backend = new PostgresBackend();
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  it('prune() deletes expired windows only', async () => {
    const store = backend.instances()[0].store as PostgresRateLimitStore;
    const [expiring, lasting] = [uniqueKey(), uniqueKey()];
    await store.hit(expiring, 1);
    await store.hit(lasting, 60);
    await sleep(1100);
    expect(await store.prune()).toBe(1);
    expect(await backend.storedKeys()).toEqual([sha256Hex(lasting)]);
    expect((await store.attempts(lasting)).attempts).toBe(1);
  });

  it('down() drops rate_limits and up() restores it', async () => {
    const runner = backend.sources[0].createQueryRunner();
    const exists = async () => (await runner.query("SELECT to_regclass('rate_limits') AS t"))[0].t !== null;
    const migration = new CreateRateLimits1795300000300();
    try {
      await migration.down(runner);
      expect(await exists()).toBe(false);
      await migration.up(runner);
      expect(await exists()).toBe(true);
    } finally {
      await runner.release();
    }
  });
});

describe('ThrottleModule', () => {
  const postgres = new PostgresBackend();
  const config = (env: Record<string, string> = {}) =>
    loadConfig({ NODE_ENV: 'test', APP_KEY: generateAppKey(), DATA_DIR: mkdtempSync(join(tmpdir(), 'gh-throttle-')), ...env });
  const compile = (env?: Record<string, string>) =>
    Test.createTestingModule({
      imports: [ConfigModule.forRoot(config(env)), DatabaseModule.forRoot(postgres.url, 2), ThrottleModule],
    }).compile();

  beforeAll(() => postgres.setUp());
  afterAll(() => postgres.tearDown());

  it('uses PostgreSQL when REDIS_URL is unset', async () => {
    const moduleRef = await compile();
    try {
      expect(moduleRef.get(RateLimitStore, { strict: false })).toBeInstanceOf(PostgresRateLimitStore);
      const key = uniqueKey();
      await moduleRef.get(RateLimiter).hit(key, 60);
      expect(await postgres.storedKeys()).toContain(sha256Hex(key));
    } finally {
      await moduleRef.close();
    }
  });

  it('uses Redis when REDIS_URL is set, and closes its connection on shutdown', async () => {
    const inspector = new Redis(REDIS_URL);
    const ourConnections = async () => {
      const clients = (await inspector.client('LIST')) as string;
      return clients.split('\n').filter((line) => line.includes(`name=${CONNECTION_NAME} `)).length;
    };
    const moduleRef = await compile({ REDIS_URL });
    try {
      expect(moduleRef.get(RateLimitStore, { strict: false })).toBeInstanceOf(RedisRateLimitStore);
      const key = uniqueKey();
      expect(await moduleRef.get(RateLimiter).hit(key, 60)).toBe(1);
      expect(await inspector.exists(`gatehouse:throttle:${sha256Hex(key)}`)).toBe(1);
      const before = await ourConnections();
      await moduleRef.close();
      expect(await ourConnections()).toBe(before - 1);
    } finally {
      await inspector.quit();
    }
  });
});
