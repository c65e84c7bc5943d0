import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { AbilitiesProbeModule } from './abilities-probe.module';
import { api, apiLogin, auditEvents, bearer, tokenId } from './helpers';

const INVALID_ABILITY = { message: 'Invalid ability provided.' };

describe('@Abilities / @AnyAbility (docs/http-contract.md §2.7, §10.4; Sanctum CheckAbilities / CheckForAnyAbility)', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    t = await startApp({ extraModules: [AbilitiesProbeModule] });
    user = await createUser(t.app);
  });
  afterAll(() => t.close());

  const tokenWith = (abilities: string[]) => apiLogin(t, user, { abilities });
  const call = async (method: 'get' | 'post', path: string, abilities: string[]) =>
    api(t)[method](`/api/__abilities${path}`).set(bearer(await tokenWith(abilities)));

  it.each([
    ['all', ['posts.read', 'posts.write'], 200],
    ['all', ['posts.*'], 200],
    ['all', ['*'], 200],
    ['all', ['posts.read'], 403],
    ['all', ['posts.write', 'comments.read'], 403],
    ['all', [], 403],
    ['any', ['comments.read'], 200],
    ['any', ['posts.read'], 200],
    ['any', ['comments.*'], 200],
    ['any', ['users.view'], 403],
    ['any', [], 403],
  ])('GET /%s with a token holding %j → %i', async (route, abilities, status) => {
    const res = await call('get', `/${route}`, abilities);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(status === 200 ? { ok: route } : INVALID_ABILITY);
  });

  it.each([
    [['admin.*'], 200],
    [['admin.users.*'], 200],
    [['admin.users.delete'], 200],
    [['admin'], 403],
    [['admin.users'], 403],
    [['admin.posts.*'], 403],
    [['adminX.*'], 403],
    [['admin*'], 403],
    [['Admin.users.delete'], 403],
  ])('matches prefix.* entries: a token holding %j on admin.users.delete → %i', async (abilities, status) => {
    // POST from the stateful Origin, with a bearer and no cookie: no CSRF, only the ability decides.
    const res = await api(t)
      .post('/api/__abilities/admin')
      .set({ ...bearer(await tokenWith(abilities)), Origin: 'http://localhost' });
    expect(res.status).toBe(status);
  });

  it('requires both a class-level @Abilities and a method-level @AnyAbility', async () => {
    expect((await call('get', '/reports', ['reports.view', 'reports.print'])).status).toBe(200);
    expect((await call('get', '/reports', ['reports.view'])).status).toBe(403);
    expect((await call('get', '/reports', ['reports.export'])).status).toBe(403);
    expect((await call('get', '/reports', ['reports.*'])).status).toBe(200);
  });

  it('leaves routes without ability decorators alone', async () => {
    expect((await call('get', '/none', [])).status).toBe(200);
  });

  it('lets session callers pass every ability check (Sanctum’s transient token)', async () => {
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    for (const path of ['/all', '/any', '/reports']) {
      const res = await spa.http.get(`/api/__abilities${path}`);
      expect(res.status).toBe(200);
    }
    expect((await spa.http.post('/api/__abilities/admin')).status).toBe(200);
  });

  it('answers 401, not 403, to a guest on an @OptionalAuth route with abilities', async () => {
    const res = await api(t).get('/api/__abilities/optional').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Unauthenticated.');
    expect((await call('get', '/optional', ['posts.read'])).status).toBe(200);
  });

  it('records authorization.denied with the missing requirement, never the token', async () => {
    const token = await tokenWith(['comments.read']);
    await api(t).get('/api/__abilities/all').set(bearer(token));
    const events = await auditEvents(t, 'authorization.denied', user.id);
    const last = events[events.length - 1];
    expect(last.metadata).toEqual({ reason: 'missing_ability', required: ['posts.read', 'posts.write'], mode: 'all', token_id: tokenId(token) });
    expect(JSON.stringify(events)).not.toContain(token.split('|')[1]);
  });
});
