import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request, { Response } from 'supertest';
import { loadConfig } from '../../src/config/config';
import { ConfigModule } from '../../src/config/config.module';
import { RateLimitNamesCheck } from '../../src/throttle/rate-limit-names.check';
import { RateLimiter } from '../../src/throttle/rate-limiter';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { HOST_ROUTES, HostRateLimitController, HostRateLimitModule } from './host-rate-limit.module';

jest.setTimeout(30_000);

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

const limitHeaders = (res: Response) => [res.status, res.headers['x-ratelimit-limit'], res.headers['x-ratelimit-remaining']];

describe.each([
  ['PostgreSQL', {}],
  ['Redis', { REDIS_URL }],
])('@RateLimit on host routes (store: %s)', (store, storeEnv) => {
  let t: TestApp;
  let limiter: RateLimiter;

  beforeAll(async () => {
    t = await startApp({
      extraModules: [HostRateLimitModule],
      env: { ...storeEnv, RATE_LIMIT_API: '3,1' },
      // A host adds its own limiters next to `api` in the configuration object.
      configure: (config) => (config.rateLimiters.uploads = { maxAttempts: 2, decaySeconds: 60, by: 'ip' }),
    });
    limiter = t.app.get(RateLimiter);
  });
  afterAll(() => t.close());

  /** Redis outlives the test database: user ids and 127.0.0.1 recur across runs, so start each key empty. */
  const clear = (...keys: string[]) => Promise.all(keys.map((key) => limiter.clear(key)));

  async function bearerUser(): Promise<{ id: number; token: string }> {
    const user = await createUser(t.app);
    await clear(`limiter:api|user:${user.id}`);
    return { id: user.id, token: (await t.app.get(TokensService).create(user.id, 'feed')).plainTextToken };
  }
  const feed = (token?: string) => {
    const call = request(t.url).get(`${HOST_ROUTES}/feed`);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it('counts down X-RateLimit-Remaining, then answers 429 with Retry-After', async () => {
    const { token } = await bearerUser();
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await feed(token));

    expect(answers.slice(0, 3).map(limitHeaders)).toEqual([
      [200, '3', '2'],
      [200, '3', '1'],
      [200, '3', '0'],
    ]);
    const refused = answers[3];
    expect(limitHeaders(refused)).toEqual([429, '3', '0']);
    expect(refused.body).toEqual({ message: 'Too Many Attempts.' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const reset = Number(refused.headers['x-ratelimit-reset']);
    expect(Math.abs(reset - (Math.floor(Date.now() / 1000) + retryAfter))).toBeLessThanOrEqual(2);
    // The windows live in the configured shared store: Redis when REDIS_URL is set, else PostgreSQL.
    const stored = await t.db.query('SELECT count(*)::int AS n FROM rate_limits');
    expect(stored.rows[0].n > 0).toBe(store === 'PostgreSQL');
  });

  it('gives each user a budget of their own', async () => {
    const [ann, bob] = [await bearerUser(), await bearerUser()];
    for (let i = 0; i < 3; i += 1) expect((await feed(ann.token)).status).toBe(200);
    expect((await feed(ann.token)).status).toBe(429);
    expect(limitHeaders(await feed(bob.token))).toEqual([200, '3', '2']);
  });

  it('makes guests from one address share a budget, apart from signed-in users there', async () => {
    await clear('limiter:api|ip:127.0.0.1');
    expect(limitHeaders(await feed())).toEqual([200, '3', '2']);
    expect(limitHeaders(await feed())).toEqual([200, '3', '1']);
    const { token } = await bearerUser();
    expect(limitHeaders(await feed(token))).toEqual([200, '3', '2']);
    expect(limitHeaders(await feed())).toEqual([200, '3', '0']);
    expect((await feed()).status).toBe(429);
  });

  it('lets a first-party SPA read the headers (CORS exposes them)', async () => {
    await clear('limiter:api|ip:127.0.0.1');
    const res = await feed().set('Origin', 'http://localhost:3000');
    expect(limitHeaders(res)).toEqual([200, '3', '2']);
    const exposed = String(res.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']));
  });

  it('never lets parallel requests exceed the limit', async () => {
    const { token } = await bearerUser();
    const answers = await Promise.all(Array.from({ length: 12 }, () => feed(token)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([...Array(3).fill(200), ...Array(9).fill(429)]);
    expect(answers.filter((res) => res.status === 200).map((res) => res.headers['x-ratelimit-remaining']).sort()).toEqual(['0', '1', '2']);
  });

  it('puts the headers on error answers of a limited route too', async () => {
    const { token } = await bearerUser();
    const invalid = await request(t.url).post(`${HOST_ROUTES}/notes`).set('Authorization', `Bearer ${token}`).send({});
    expect(limitHeaders(invalid)).toEqual([422, '3', '2']);
    expect(invalid.body.errors).toHaveProperty('text');
    const created = await request(t.url).post(`${HOST_ROUTES}/notes`).set('Authorization', `Bearer ${token}`).send({ text: 'hi' });
    expect(limitHeaders(created)).toEqual([201, '3', '1']);
  });

  it('applies a host-defined limiter by address even to signed-in users', async () => {
    await clear('limiter:uploads|ip:127.0.0.1');
    const { token } = await bearerUser();
    const uploads = (bearer?: string) => {
      const call = request(t.url).get(`${HOST_ROUTES}/uploads`);
      return bearer ? call.set('Authorization', `Bearer ${bearer}`) : call;
    };
    expect(limitHeaders(await uploads(token))).toEqual([200, '2', '1']);
    expect(limitHeaders(await uploads())).toEqual([200, '2', '0']);
    const refused = await uploads(token);
    expect(limitHeaders(refused)).toEqual([429, '2', '0']);
    expect(refused.headers['retry-after']).toBeDefined();
  });
});

describe('@RateLimit naming no limiter', () => {
  it('stops the app from starting, naming the limiter', async () => {
    // The host module's controller uses `uploads`, which this configuration does not define.
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadConfig({ APP_KEY: TEST_APP_KEY })), DiscoveryModule],
      controllers: [HostRateLimitController],
      providers: [RateLimitNamesCheck],
    }).compile();
    await expect(moduleRef.init()).rejects.toThrow('@RateLimit names no configured limiter: uploads (defined: api, passkey-options)');
    await moduleRef.close();
  });
});
