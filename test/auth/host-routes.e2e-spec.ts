import request from 'supertest';
import { asToken, auditEvents, givePermissions, tokenFor } from '../rbac/support';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { HOST_PROBE, HostProbeModule } from '../support/host-probe.module';
import { spaLogin } from '../support/spa-client';
import { SESSION_COOKIE } from './helpers';

const STATEFUL = 'http://localhost:3000';

/** A host's own route, without web/API family metadata, is an `auth:sanctum` (API) route wherever it is mounted. */
describe('host routes without a route family', () => {
  let t: TestApp;
  let userId: number;
  let cookie: string;
  beforeAll(async () => {
    t = await startApp({ extraModules: [HostProbeModule] });
    const user = await createUser(t.app);
    userId = user.id;
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    cookie = `${SESSION_COOKIE}=${spa.cookie(SESSION_COOKIE)}`;
  });
  afterAll(() => t.close());

  const get = (headers: Record<string, string>) =>
    request(t.url).get(`${HOST_PROBE}/whoami`).set({ Accept: 'application/json', Cookie: cookie, ...headers });

  it('treats a session cookie from a non-stateful origin as absent (401 origin_not_stateful)', async () => {
    const res = await get({ Origin: 'https://evil.example' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.', reason: 'origin_not_stateful' });
  });

  it('treats a session cookie without any Origin or Referer as absent too (a web route would accept it)', async () => {
    const res = await get({});
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe('origin_not_stateful');
  });

  it('uses the session cookie from a stateful origin', async () => {
    const res = await get({ Origin: STATEFUL });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ via: 'session', user_id: userId });
    expect(String(res.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=`);
  });

  it('demands CSRF on an unsafe method from a stateful origin, and none from elsewhere (the cookie does not count)', async () => {
    const post = (origin: string) => request(t.url).post(`${HOST_PROBE}/whoami`).set({ Accept: 'application/json', Cookie: cookie, Origin: origin });
    expect((await post(STATEFUL)).status).toBe(419);
    expect((await post('https://evil.example')).status).toBe(401);
  });
});

describe('requirement order on a route needing an ability and a permission', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ extraModules: [HostProbeModule] })));
  afterAll(() => t.close());

  it('answers a narrow token lacking both with the ability 403 first, audited as missing_ability', async () => {
    const user = await createUser(t.app);
    const res = await asToken(t, await tokenFor(t, user.id, ['profile:read'])).get(`${HOST_PROBE}/reports`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid ability provided.' });
    const denied = await auditEvents(t, 'authorization.denied', user.id);
    expect(denied.map((e) => e.metadata.reason)).toEqual(['missing_ability']);
  });

  it('then checks the permission: the ability alone is not enough', async () => {
    const user = await createUser(t.app);
    const res = await asToken(t, await tokenFor(t, user.id, ['reports:read', 'reports.view'])).get(`${HOST_PROBE}/reports`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'This action is unauthorized.' });
    const denied = await auditEvents(t, 'authorization.denied', user.id);
    expect(denied.map((e) => e.metadata.required)).toEqual(['all-permissions']);
  });

  it('lets a token with the ability through when the user holds the permission', async () => {
    const user = await createUser(t.app);
    await givePermissions(t, user.id, ['reports.view']);
    const res = await asToken(t, await tokenFor(t, user.id, ['reports:read', 'reports.view'])).get(`${HOST_PROBE}/reports`);
    expect(res.status).toBe(200);
  });

  it('answers a guest 401 before any requirement', async () => {
    const res = await request(t.url).get(`${HOST_PROBE}/reports`).set('Accept', 'application/json');
    expect(res.status).toBe(401);
  });
});
