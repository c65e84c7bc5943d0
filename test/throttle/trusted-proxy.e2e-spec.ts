import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';
import { auditRows } from '../auth/helpers';

jest.setTimeout(30_000);

/** A guest SPA whose requests arrive through one proxy hop that appends the peer to X-Forwarded-For. */
async function behindProxy(url: string, forwardedFor: string) {
  const spa = spaClient(url);
  spa.http.defaults.headers.common['X-Forwarded-For'] = forwardedFor;
  await spa.http.get('/sanctum/csrf-cookie');
  return spa;
}

describe('TRUST_PROXY as a hop count', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { TRUST_PROXY: '1', LOGIN_MAX_ATTEMPTS: '3' } })));
  afterAll(() => t.close());

  it('keys the login throttle by the address the trusted proxy saw: rotating the leftmost entries does not help', async () => {
    const user = await createUser(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const spa = await behindProxy(t.url, `198.51.100.${i + 1}, 203.0.113.7`);
      statuses.push((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 429, 429]);
    const rows = await auditRows(t.db, 'login.failed');
    expect(rows.map((row) => row.ip_address)).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
  });

  it('keys IPv6 clients by their /64: a fresh address from the same prefix is still throttled', async () => {
    const user = await createUser(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const spa = await behindProxy(t.url, `2001:db8:7:7:${(i + 1).toString(16)}::${i + 10}`);
      statuses.push((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 429, 429]);
    const other = await behindProxy(t.url, '2001:db8:7:8::1');
    expect((await other.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
  });

  it('falls back to the socket address when the forwarded value is not an IP, and still audits login.failed', async () => {
    const user = await createUser(t.app);
    const garbage = 'x'.repeat(60);
    const spa = await behindProxy(t.url, garbage);
    const res = await spa.http.post('/login', { email: user.email, password: 'wrong-password' });
    expect(res.status).toBe(422);
    const { rows } = await t.db.query(`SELECT ip_address FROM audit_events WHERE event = 'login.failed' AND user_id = $1`, [user.id]);
    expect(rows).toEqual([{ ip_address: '127.0.0.1' }]);
  });
});

describe('TRUST_PROXY as a list of proxy addresses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' } })));
  afterAll(() => t.close());

  it('skips trusted proxies from the right and takes the first untrusted address', async () => {
    const user = await createUser(t.app);
    const spa = await behindProxy(t.url, '192.0.2.99, 198.51.100.20, 10.1.2.3');
    expect((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
    const { rows } = await t.db.query(`SELECT ip_address FROM audit_events WHERE event = 'login.failed' AND user_id = $1`, [user.id]);
    expect(rows).toEqual([{ ip_address: '198.51.100.20' }]);
  });
});

describe('TRUST_PROXY=true', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { TRUST_PROXY: 'true' } })));
  afterAll(() => t.close());

  it('means one hop, not every hop', async () => {
    const user = await createUser(t.app);
    const spa = await behindProxy(t.url, '192.0.2.1, 198.51.100.30');
    expect((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
    const { rows } = await t.db.query(`SELECT ip_address FROM audit_events WHERE event = 'login.failed' AND user_id = $1`, [user.id]);
    expect(rows).toEqual([{ ip_address: '198.51.100.30' }]);
  });
});
