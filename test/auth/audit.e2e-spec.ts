import { startApp, TestApp } from '../support/app';
import { spaClient } from '../support/spa-client';
import { auditRows, sessionOf, xsrfOf } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const UA = 'GatehouseAuditTest/1.0';

describe('audit trail of the SPA session flows', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '2' } })));
  afterAll(() => t.close());

  it('records each event with ip, user agent and user id, and never a secret', async () => {
    const secrets: string[] = [];
    const spa = spaClient(t.url);
    spa.http.defaults.headers.common['User-Agent'] = UA;
    await spa.http.get('/sanctum/csrf-cookie');
    secrets.push(sessionOf(spa)!, xsrfOf(spa));

    const password = 'Sup3r-Secret-Passw0rd';
    const registered = await spa.http.post('/register', {
      name: 'Audit Ann',
      email: 'audit.ann@example.com',
      password,
      password_confirmation: password,
    });
    expect(registered.status).toBe(201);
    const userId = Number(registered.data.id);
    secrets.push(sessionOf(spa)!, xsrfOf(spa));

    expect((await spa.http.post('/logout')).status).toBe(204);
    secrets.push(sessionOf(spa)!, xsrfOf(spa));
    const wrongPassword = 'Wr0ng-Passw0rd-Attempt';
    expect((await spa.http.post('/login', { email: 'audit.ann@example.com', password: wrongPassword })).status).toBe(422);
    expect((await spa.http.post('/login', { email: 'audit.ann@example.com', password })).status).toBe(200);
    secrets.push(sessionOf(spa)!, xsrfOf(spa));
    const forged = 'forged-xsrf-token-value';
    expect((await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': forged } })).status).toBe(419);
    for (let i = 0; i < 2; i += 1) await spa.http.post('/login', { email: 'Ghost@Example.com', password: wrongPassword });
    expect((await spa.http.post('/login', { email: 'ghost@example.com', password: wrongPassword })).status).toBe(429);

    const rows = await auditRows(t.db);
    const events = rows.map((row) => row.event);
    expect(events).toEqual([
      'user.registered',
      'login.succeeded',
      'logout',
      'login.failed',
      'login.succeeded',
      'csrf.mismatch',
      'login.failed',
      'login.failed',
      'login.throttled',
    ]);
    for (const row of rows) {
      expect(row.ip_address).toBe('127.0.0.1');
      expect(row.user_agent).toBe(UA);
    }
    const byEvent = (event: string) => rows.filter((row) => row.event === event);
    for (const event of ['user.registered', 'login.succeeded', 'logout']) {
      for (const row of byEvent(event)) expect(Number(row.user_id)).toBe(userId);
    }
    expect(Number(byEvent('login.failed')[0].user_id)).toBe(userId);
    expect(byEvent('login.failed')[0]).toMatchObject({ metadata: { email: 'audit.ann@example.com' } });
    expect(byEvent('login.failed')[1]).toMatchObject({ user_id: null, metadata: { email: 'ghost@example.com' } });
    expect(byEvent('login.throttled')[0].metadata).toEqual({ email: 'ghost@example.com' });
    expect(byEvent('csrf.mismatch')[0].metadata).toEqual({ reason: 'xsrf_mismatch', path: '/logout', count: 1 });

    const stored = JSON.stringify(rows);
    for (const secret of [password, wrongPassword, forged, ...secrets]) expect(stored).not.toContain(secret);
  });
});
