import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../src/run-cli';
import { randomAlnum, sha256Hex } from '../../src/common/crypto';
import { PRUNE_LOCK_KEY, Pruner } from '../../src/pruning/pruner';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { createUser } from '../support/factories';
import { LogCapture } from '../support/log-capture';
import { TcpProxy } from '../support/tcp-proxy';

/** One stale and one fresh row in every table the pruner cleans; returns the fresh rows' keys. */
async function seedRows(t: TestApp, userId: number, tag: string) {
  const q = (sql: string, params: unknown[]) => t.db.query(sql, params);
  const hash = (name: string) => sha256Hex(`${tag}-${name}-${randomAlnum(8)}`);
  const fresh = { session: hash('s-fresh'), pending: hash('p-fresh'), challenge: hash('c-fresh'), rateLimit: hash('r-fresh') };
  const insertSession = 'INSERT INTO sessions (id, public_id, user_id, last_activity, expires_at) VALUES ($1, $2, $3, $4, $5)';
  await q(insertSession, [hash('s-old'), `old${tag}`, userId, new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 3_600_000)]);
  await q(insertSession, [fresh.session, `new${tag}`, userId, new Date(), new Date(Date.now() + 3_600_000)]);
  const insertToken = "INSERT INTO personal_access_tokens (user_id, name, token, abilities, expires_at) VALUES ($1, $2, $3, '[\"*\"]', $4) RETURNING id";
  await q(insertToken, [userId, `old ${tag}`, hash('t-old'), new Date(Date.now() - 48 * 3_600_000)]);
  const freshToken = String((await q(insertToken, [userId, `new ${tag}`, hash('t-new'), new Date(Date.now() + 3_600_000)])).rows[0].id);
  const insertPending = "INSERT INTO pending_logins (id, user_id, kind, device_name, expires_at) VALUES ($1, $2, 'token', 'phone', $3)";
  await q(insertPending, [hash('p-old'), userId, new Date(Date.now() - 60_000)]);
  await q(insertPending, [fresh.pending, userId, new Date(Date.now() + 300_000)]);
  const insertChallenge = "INSERT INTO passkey_challenges (id, purpose, user_id, expires_at) VALUES ($1, 'login', NULL, $2)";
  await q(insertChallenge, [hash('c-old'), new Date(Date.now() - 1000)]);
  await q(insertChallenge, [fresh.challenge, new Date(Date.now() + 300_000)]);
  const insertLimit = 'INSERT INTO rate_limits (key, attempts, reset_at) VALUES ($1, 1, $2)';
  await q(insertLimit, [hash('r-old'), new Date(Date.now() - 1000)]);
  await q(insertLimit, [fresh.rateLimit, new Date(Date.now() + 60_000)]);
  const insertAudit = "INSERT INTO audit_events (event, user_id, created_at) VALUES ('login.failed', $1, $2) RETURNING id";
  const oldAudit = String((await q(insertAudit, [userId, new Date(Date.now() - 100 * 86_400_000)])).rows[0].id);
  const freshAudit = String((await q(insertAudit, [userId, new Date(Date.now() - 86_400_000)])).rows[0].id);
  return { ...fresh, token: freshToken, oldAudit, freshAudit };
}

async function keys(t: TestApp) {
  const column = async (sql: string) => (await t.db.query(sql)).rows.map((row) => String(Object.values(row)[0])).sort();
  return {
    sessions: await column('SELECT id FROM sessions'),
    tokens: await column('SELECT id FROM personal_access_tokens'),
    pending: await column('SELECT id FROM pending_logins'),
    challenges: await column('SELECT id FROM passkey_challenges'),
    rateLimits: await column('SELECT key FROM rate_limits'),
    audit: await column('SELECT id FROM audit_events'),
  };
}

describe('pruning expired rows (Pruner)', () => {
  let t: TestApp;
  let userId: number;
  beforeAll(async () => {
    t = await startApp();
    userId = (await createUser(t.app)).id;
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('TRUNCATE sessions, personal_access_tokens, pending_logins, passkey_challenges, rate_limits, audit_events'));

  it('deletes rows past expiry or retention and keeps fresh ones', async () => {
    const fresh = await seedRows(t, userId, 'a');
    const counts = await t.app.get(Pruner).runOnce();
    expect(counts).toEqual({ sessions: 1, tokens: 1, pendingLogins: 1, passkeyChallenges: 1, rateLimits: 1, auditEvents: 1 });
    expect(await keys(t)).toEqual({
      sessions: [fresh.session],
      tokens: [fresh.token],
      pending: [fresh.pending],
      challenges: [fresh.challenge],
      rateLimits: [fresh.rateLimit],
      audit: [fresh.freshAudit],
    });
    // A second pass has nothing left to do (idempotent).
    expect(await t.app.get(Pruner).runOnce()).toEqual({ sessions: 0, tokens: 0, pendingLogins: 0, passkeyChallenges: 0, rateLimits: 0, auditEvents: 0 });
  });

  it('deletes audit events in bounded batches', async () => {
    await t.db.query(
      "INSERT INTO audit_events (event, user_id, created_at) SELECT 'login.failed', $1, now() - interval '200 days' FROM generate_series(1, 25)",
      [userId],
    );
    expect((await t.app.get(Pruner).runOnce({ batchSize: 10 }))?.auditEvents).toBe(25);
    expect((await t.db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBe(0);
  });

  it('skips the pass while another instance holds the pruning lock', async () => {
    await seedRows(t, userId, 'b');
    const before = await keys(t);
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [PRUNE_LOCK_KEY]);
      expect(await t.app.get(Pruner).runOnce()).toBeNull();
      expect(await keys(t)).toEqual(before);
    } finally {
      await other.end();
    }
    expect(await t.app.get(Pruner).runOnce()).not.toBeNull();
  });
});

describe('AUDIT_RETENTION_DAYS=0, DB_POOL_SIZE=1', () => {
  let t: TestApp;
  // A pool of one: the pruning lock must not hold the only pool connection the deletes need.
  beforeAll(async () => (t = await startApp({ env: { AUDIT_RETENTION_DAYS: '0', DB_POOL_SIZE: '1' } })));
  afterAll(() => t.close());

  it('keeps audit events forever and still prunes the rest', async () => {
    const user = await createUser(t.app);
    const fresh = await seedRows(t, user.id, 'c');
    const counts = await t.app.get(Pruner).runOnce();
    expect(counts).toMatchObject({ sessions: 1, tokens: 1, auditEvents: 0 });
    expect((await keys(t)).audit).toEqual([fresh.oldAudit, fresh.freshAudit].sort());
  });
});

describe('pruning while PostgreSQL is unreachable', () => {
  const logs = new LogCapture();
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase();
    const proxied = await TcpProxy.forUrl(database.url);
    proxy = proxied.proxy;
    t = await startApp({ databaseUrl: proxied.url, env: { LOG_LEVEL: 'warn' }, logStream: logs });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.cut();
    await database.drop();
  });

  it('a scheduled pass fails quietly and the server keeps serving', async () => {
    await proxy.cut();
    await expect(t.app.get(Pruner).runScheduled()).resolves.toBeUndefined();
    expect(logs.records().some((record) => record.msg === 'pruning failed; retried at the next interval')).toBe(true);
    expect((await fetch(`${t.url}/health`)).status).toBe(503); // alive and answering, not crashed
    await proxy.restore();
  });
});

describe('CLI: prune', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'gh-prune-cli-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs one pass and prints what it deleted', async () => {
    const env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      await db.query("INSERT INTO rate_limits (key, attempts, reset_at) VALUES ('stale', 1, now() - interval '1 minute')");
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['prune'], { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
      expect({ code, err }).toEqual({ code: 0, err: [] });
      expect(out).toEqual(['Pruned 0 session(s), 0 token(s), 0 pending login(s), 0 passkey challenge(s), 1 rate-limit window(s), 0 audit event(s).']);
      expect((await db.query('SELECT count(*)::int AS n FROM rate_limits')).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
