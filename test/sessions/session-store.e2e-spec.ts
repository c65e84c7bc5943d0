import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/common/crypto';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaLogin } from '../support/spa-client';
import { eventually, sessionOf } from '../auth/helpers';
import { changedBehindTheAppsBack } from '../tokens/helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const UA = 'Mozilla/5.0 (X11; Linux x86_64) SessionStoreTest/1.0';

type RunCli = typeof import('../../src/run-cli').runCli;

/**
 * The CLI as its own process would run it: a fresh copy of every module, so the Nest context it
 * boots does not take over the running app's passport strategies (see startIsolatedApp).
 */
function isolatedRunCli(...args: Parameters<RunCli>): ReturnType<RunCli> {
  let runCli!: RunCli;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules is synchronous
    runCli = (require('../../src/run-cli') as { runCli: RunCli }).runCli;
  });
  return runCli(...args);
}

async function loginWithRemember(t: TestApp, remember: boolean): Promise<{ spa: SpaClient; hash: string; userId: number }> {
  const user = await createUser(t.app);
  const spa = await spaLogin(t.url, user.email, user.plainPassword);
  if (remember) {
    await spa.http.post('/logout');
    await spa.http.post('/login', { email: user.email, password: user.plainPassword, remember: true });
  }
  return { spa, hash: sha256Hex(sessionOf(spa)!), userId: user.id };
}

describe('PostgreSQL session store', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { SESSION_LIFETIME: '1' } })));
  afterAll(() => t.close());

  it('stores only the SHA-256 of the cookie id, with user, ip, user agent and times', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    spa.http.defaults.headers.common['User-Agent'] = UA;
    await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    const cookie = sessionOf(spa)!;
    const { rows } = await t.db.query('SELECT * FROM sessions WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.id).toBe(sha256Hex(cookie));
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(row).toMatchObject({ ip_address: '127.0.0.1', user_agent: UA, remember: false, payload: {} });
    expect(row.public_id).not.toBe(cookie);
    expect(Math.abs(row.last_activity.getTime() - Date.now())).toBeLessThan(10_000);
    expect(row.expires_at.getTime() - row.last_activity.getTime()).toBe(60_000);
  });

  it('expires a session idle past SESSION_LIFETIME (401 session_expired)', async () => {
    const { spa, hash } = await loginWithRemember(t, false);
    expect((await spa.http.get('/api/user')).status).toBe(200);
    await changedBehindTheAppsBack(t, 'session', hash, () =>
      t.db.query("UPDATE sessions SET last_activity = now() - interval '2 minutes', expires_at = now() - interval '1 minute' WHERE id = $1", [hash]),
    );
    const res = await spa.http.get('/api/user');
    expect(res.status).toBe(401);
    expect(res.data).toEqual({ message: 'Unauthenticated.', reason: 'session_expired' });
    expect((await spa.http.get('/api/auth/check')).data).toEqual({ authenticated: false });
  });

  it('judges idleness by last_activity and the lifetime configured now', async () => {
    const { spa, hash } = await loginWithRemember(t, false);
    await changedBehindTheAppsBack(t, 'session', hash, () =>
      t.db.query("UPDATE sessions SET last_activity = now() - interval '61 seconds', expires_at = now() + interval '1 day' WHERE id = $1", [hash]),
    );
    expect((await spa.http.get('/api/user')).data.reason).toBe('session_expired');
  });

  it('slides the expiry as the session is used', async () => {
    const { spa, hash } = await loginWithRemember(t, false);
    await t.db.query("UPDATE sessions SET last_activity = now() - interval '40 seconds', expires_at = now() + interval '20 seconds' WHERE id = $1", [hash]);
    expect((await spa.http.get('/api/user')).status).toBe(200);
    const slid = await eventually(async () => {
      const { rows } = await t.db.query('SELECT last_activity, expires_at FROM sessions WHERE id = $1', [hash]);
      return rows[0].expires_at.getTime() > Date.now() + 50_000 && Date.now() - rows[0].last_activity.getTime() < 10_000;
    });
    expect(slid).toBe(true);
  });

  it('keeps a remembered session alive far beyond SESSION_LIFETIME', async () => {
    const { spa, hash } = await loginWithRemember(t, true);
    const { rows } = await t.db.query('SELECT remember FROM sessions WHERE id = $1', [hash]);
    expect(rows[0].remember).toBe(true);
    await t.db.query("UPDATE sessions SET last_activity = now() - interval '3 days' WHERE id = $1", [hash]);
    expect((await spa.http.get('/api/user')).status).toBe(200);
  });
});

describe('sessions:prune', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { SESSION_LIFETIME: '5' } })));
  afterAll(() => t.close());

  it('deletes expired and idle sessions and keeps live ones', async () => {
    const live = await loginWithRemember(t, false);
    const remembered = await loginWithRemember(t, true);
    const pastExpiry = await loginWithRemember(t, false);
    const idle = await loginWithRemember(t, false);
    await t.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [pastExpiry.hash]);
    await t.db.query("UPDATE sessions SET last_activity = now() - interval '6 minutes' WHERE id = $1", [idle.hash]);
    await t.db.query("UPDATE sessions SET last_activity = now() - interval '6 days' WHERE id = $1", [remembered.hash]);

    const out: string[] = [];
    const err: string[] = [];
    const env = {
      NODE_ENV: 'test',
      APP_KEY: TEST_APP_KEY,
      DATABASE_URL: t.databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'gh-prune-')),
      LOG_LEVEL: 'silent',
      SESSION_LIFETIME: '5',
    };
    const code = await isolatedRunCli(['sessions:prune'], { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
    expect({ code, out, err }).toEqual({ code: 0, out: ['Pruned 2 expired sessions.'], err: [] });

    const { rows } = await t.db.query('SELECT id FROM sessions');
    expect(rows.map((row) => row.id).sort()).toEqual([live.hash, remembered.hash].sort());
    expect((await live.spa.http.get('/api/user')).status).toBe(200);
  });

  it('refuses unexpected arguments', async () => {
    const err: string[] = [];
    const code = await isolatedRunCli(['sessions:prune', '--all'], { out: () => undefined, err: (line) => err.push(line) }, {
      NODE_ENV: 'test',
      APP_KEY: TEST_APP_KEY,
      DATABASE_URL: t.databaseUrl,
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/Unknown option '--all'/);
  });
});
