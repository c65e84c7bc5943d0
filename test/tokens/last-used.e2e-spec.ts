import { DataSource } from 'typeorm';
import { TokensService } from '../../src/tokens/tokens.service';
import { FLUSH_INTERVAL_MS, REFRESH_AFTER_MS, TokenUsageTracker } from '../../src/tokens/token-usage.tracker';
import { startApp, TestApp } from '../support/app';
import { createUser, tampered } from '../support/factories';
import { api, apiLogin, bearer, tokenId } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('last_used_at: batched, at most about once a minute, never more than a minute behind', () => {
  let t: TestApp;
  let tracker: TokenUsageTracker;
  let updateStatements: string[];
  beforeAll(async () => {
    t = await startApp();
    tracker = t.app.get(TokenUsageTracker, { strict: false });
    // The tests flush by hand so that counts are exact; one test checks the timer on its own.
    tracker.stop();
    // A statement counter on the real data source: the tracker's writes are its only UPDATEs of this table.
    const dataSource = t.app.get(DataSource);
    const query = dataSource.query.bind(dataSource);
    jest.spyOn(dataSource, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
      if (/^\s*UPDATE personal_access_tokens/i.test(sql)) updateStatements.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    });
  });
  beforeEach(() => (updateStatements = []));
  afterAll(() => t.close());

  const row = async (id: number) =>
    (await t.db.query('SELECT last_used_at, xmin::text AS xmin FROM personal_access_tokens WHERE id = $1', [id])).rows[0] as {
      last_used_at: Date | null;
      xmin: string;
    };
  const use = (token: string) => api(t).get('/api/user').set(bearer(token));

  it('keeps the bound: a stale value is refreshed after REFRESH_AFTER, written within FLUSH_INTERVAL, under 60 s in total', () => {
    expect(REFRESH_AFTER_MS + FLUSH_INTERVAL_MS).toBeLessThan(60_000);
  });

  it('writes nothing on the request path and sets last_used_at to the request time on the next flush', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    expect((await row(tokenId(token))).last_used_at).toBeNull();
    const before = Date.now();
    expect((await use(token)).status).toBe(200);
    const after = Date.now();
    expect((await row(tokenId(token))).last_used_at).toBeNull();
    expect(updateStatements).toEqual([]);
    expect(tracker.pendingCount).toBe(1);
    expect(await tracker.flush()).toBe(1);
    expect(updateStatements).toHaveLength(1);
    const { last_used_at } = await row(tokenId(token));
    expect(last_used_at).not.toBeNull();
    expect(last_used_at!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(last_used_at!.getTime()).toBeLessThanOrEqual(after + 5);
  });

  it('flushes by itself within the flush interval', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    tracker.start();
    try {
      await use(token);
      const deadline = Date.now() + FLUSH_INTERVAL_MS + 3_000;
      while ((await row(tokenId(token))).last_used_at === null && Date.now() < deadline) await sleep(100);
      expect((await row(tokenId(token))).last_used_at).not.toBeNull();
      expect(tracker.pendingCount).toBe(0);
    } finally {
      tracker.stop();
    }
  });

  it('does not UPDATE the row again for further requests within the minute (same xmin, no statement)', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    await use(token);
    await tracker.flush();
    const written = await row(tokenId(token));
    updateStatements = [];
    for (let i = 0; i < 10; i++) {
      expect((await use(token)).status).toBe(200);
      expect(tracker.pendingCount).toBe(0);
    }
    await Promise.all(Array.from({ length: 10 }, () => use(token)));
    expect(await tracker.flush()).toBe(0);
    expect(updateStatements).toEqual([]);
    // xmin changes with every UPDATE of a row, even one that writes the same values.
    expect(await row(tokenId(token))).toEqual(written);
  });

  it('advances last_used_at once the stored value is older than the refresh window', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    await t.db.query("UPDATE personal_access_tokens SET last_used_at = now() - interval '58 seconds' WHERE id = $1", [tokenId(token)]);
    const stale = await row(tokenId(token));
    await use(token);
    expect(await tracker.flush()).toBe(1);
    const fresh = await row(tokenId(token));
    expect(fresh.xmin).not.toBe(stale.xmin);
    expect(fresh.last_used_at!.getTime() - stale.last_used_at!.getTime()).toBeGreaterThanOrEqual(57_000);
    expect(Math.abs(Date.now() - fresh.last_used_at!.getTime())).toBeLessThan(5_000);
  });

  it('coalesces many tokens used in parallel into ONE UPDATE … FROM (VALUES …) statement', async () => {
    const user = await createUser(t.app);
    const service = t.app.get(TokensService, { strict: false });
    const tokens = await Promise.all(Array.from({ length: 8 }, async (_, i) => (await service.create(user.id, `device ${i}`)).plainTextToken));
    await tracker.flush();
    updateStatements = [];
    await Promise.all(tokens.flatMap((token) => [use(token), use(token), use(token)]));
    expect(await tracker.flush()).toBe(8);
    expect(updateStatements).toHaveLength(1);
    expect(updateStatements[0]).toMatch(/FROM \(VALUES /);
    for (const token of tokens) expect((await row(tokenId(token))).last_used_at).not.toBeNull();
  });

  it('leaves rows alone that another instance refreshed meanwhile (the SQL re-checks the minute)', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    await t.db.query('UPDATE personal_access_tokens SET last_used_at = now() WHERE id = $1', [tokenId(token)]);
    const current = await row(tokenId(token));
    // This process still believes the token was never used (a stale read, as on another instance).
    tracker.record({ id: tokenId(token), lastUsedAt: null });
    expect(tracker.pendingCount).toBe(1);
    expect(await tracker.flush()).toBe(0);
    expect(await row(tokenId(token))).toEqual(current);
  });

  it('never records a token whose secret did not verify, or that expired', async () => {
    const token = await apiLogin(t, await createUser(t.app));
    const [id, secret] = token.split('|');
    expect((await use(`${id}|${tampered(secret)}`)).status).toBe(401);
    expect(tracker.pendingCount).toBe(0);
    await t.db.query("UPDATE personal_access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    expect((await use(token)).status).toBe(401);
    expect(tracker.pendingCount).toBe(0);
    await tracker.flush();
    expect((await row(Number(id))).last_used_at).toBeNull();
  });

  it('shows this process’s unwritten sightings in GET /api/tokens', async () => {
    const user = await createUser(t.app);
    const token = await apiLogin(t, user);
    await use(token);
    const listed = await api(t).get('/api/tokens').set(bearer(token));
    const own = listed.body.find((entry: { id: number }) => entry.id === tokenId(token));
    expect(own.last_used_at).not.toBeNull();
    expect(Math.abs(Date.now() - Date.parse(own.last_used_at))).toBeLessThan(5_000);
  });
});

describe('last_used_at on shutdown', () => {
  it('writes pending sightings when the application closes', async () => {
    const owner = await startApp();
    try {
      // A second instance on the same database: closing it leaves the database in place to inspect.
      const instance = await startApp({ databaseUrl: owner.databaseUrl });
      const token = await apiLogin(instance, await createUser(instance.app));
      await api(instance).get('/api/user').set(bearer(token));
      const tracker = instance.app.get(TokenUsageTracker, { strict: false });
      await tracker.flush();
      await owner.db.query('UPDATE personal_access_tokens SET last_used_at = NULL WHERE id = $1', [tokenId(token)]);
      tracker.stop(); // only the shutdown hook may write it now
      tracker.record({ id: tokenId(token), lastUsedAt: null });
      expect(tracker.pendingCount).toBe(1);
      await instance.close();
      const { rows } = await owner.db.query('SELECT last_used_at FROM personal_access_tokens WHERE id = $1', [tokenId(token)]);
      expect(rows[0].last_used_at).not.toBeNull();
    } finally {
      await owner.close();
    }
  });
});
