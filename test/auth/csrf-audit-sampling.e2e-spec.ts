import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { auditRows } from './helpers';

jest.setTimeout(30_000);

describe('csrf.mismatch auditing is sampled per client', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { TRUST_PROXY: '1' } })));
  afterAll(() => t.close());

  it('writes a handful of rows, with counts, for 50 failures from one client, and still one for another client', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      statuses.push((await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': `forged-${i}` } })).status);
    }
    expect(new Set(statuses)).toEqual(new Set([419]));
    const rows = await auditRows(t.db, 'csrf.mismatch');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(rows[0].metadata).toEqual({ reason: 'xsrf_mismatch', path: '/logout', count: 1 });
    expect(rows.map((row) => row.metadata.count)).toEqual([1, 10].slice(0, rows.length));

    const other = spaClient(t.url);
    other.http.defaults.headers.common['X-Forwarded-For'] = '198.51.100.44';
    await other.http.get('/sanctum/csrf-cookie');
    expect((await other.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': 'forged' } })).status).toBe(419);
    const after = await auditRows(t.db, 'csrf.mismatch');
    expect(after.filter((row) => row.ip_address === '198.51.100.44')).toHaveLength(1);
  });
});
