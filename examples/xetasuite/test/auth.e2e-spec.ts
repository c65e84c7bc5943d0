import { RunningExample, startExample } from '../../support/example-server';
import { xetasuite } from '../src/app';
import { openBrowser } from './client/browser';
import { DemoAccount, seedDemo } from './demo';
import { settle } from './settle';

const INCORRECT = 'The provided credentials are incorrect.';

describe('XetaSuite: the SPA login of its client docs, through AuthRepository as printed', () => {
  let example: RunningExample;
  let admin: DemoAccount;
  let user: DemoAccount;
  beforeAll(async () => {
    example = await startExample(xetasuite);
    ({ admin, user } = await seedDemo(example));
  });
  afterAll(() => example?.close());

  it('AuthRepository.login logs in on the cookies; GET /api/v1/user answers the documented user of the current site', async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await AuthRepository.login({ email: user.email, password: user.password, remember: true });
    const me = await httpClient.get('/api/v1/user');
    expect(me.status).toBe(200);
    const headquarters = user.sites.find((site) => site.is_headquarters)!;
    expect(me.data).toEqual({
      data: {
        id: expect.any(Number),
        first_name: 'John',
        last_name: 'Doe',
        full_name: 'John Doe',
        email: user.email,
        username: 'jdoe',
        locale: 'en',
        current_site_id: headquarters.id,
        // the site's role, and the default role every account holds everywhere
        roles: ['manager', 'user'],
        permissions: ['company.view', 'company.viewAny', 'material.create', 'material.update', 'material.view', 'material.viewAny'],
        sites: user.sites.map(({ id, name, is_headquarters }) => ({ id, name, is_headquarters })),
      },
    });
    expect(me.data.data.sites).toEqual([
      { id: headquarters.id, name: 'Headquarters', is_headquarters: true },
      { id: expect.any(Number), name: 'Lyon Plant', is_headquarters: false },
    ]);
  });

  it('the requests AuthRepository makes answer as documented: csrf-cookie sets XSRF-TOKEN, login answers {"two_factor":false}', async () => {
    const { httpClient, jar } = openBrowser(example.url);
    const csrf = await httpClient.get('/sanctum/csrf-cookie');
    expect(csrf.status).toBe(204);
    expect(jar.getCookiesSync(example.url).map((cookie) => cookie.key)).toContain('XSRF-TOKEN');
    const login = await httpClient.post('/api/v1/auth/login', { email: admin.email, password: admin.password, remember: true });
    expect(login.status).toBe(200);
    expect(login.data).toEqual({ two_factor: false });
  });

  it("an admin sees the admin role's permissions in its current site", async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await AuthRepository.login({ email: admin.email, password: admin.password });
    const { data } = (await httpClient.get('/api/v1/user')).data;
    expect(data).toMatchObject({ full_name: 'Ada Admin', username: 'aadmin', roles: ['admin', 'user'], current_site_id: admin.current_site_id });
    expect(data.permissions).toEqual(expect.arrayContaining(['company.create', 'site.update', 'material.create']));
  });

  it('a wrong password makes AuthRepository.login reject with the documented 422', async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await expect(AuthRepository.login({ email: user.email, password: 'not-the-password', remember: true })).rejects.toMatchObject({
      response: { status: 422, data: { message: INCORRECT, errors: { email: [INCORRECT] } } },
    });
    const unknown = await settle(httpClient.post('/api/v1/auth/login', { email: 'nobody@xetasuite.test', password: 'password' }));
    expect(unknown.status).toBe(422);
    expect(unknown.data).toEqual({ message: INCORRECT, errors: { email: [INCORRECT] } });
  });

  it('AuthRepository.logout ends the session: the next GET /api/v1/user answers 401', async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await AuthRepository.login({ email: user.email, password: user.password });
    await AuthRepository.logout();
    const after = await settle(httpClient.get('/api/v1/user'));
    expect(after.status).toBe(401);
    expect(after.data).toMatchObject({ message: 'Unauthenticated.' });
  });

  it('logout itself answers 204 No Content', async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await AuthRepository.login({ email: user.email, password: user.password });
    await httpClient.get('/sanctum/csrf-cookie');
    const logout = await httpClient.post('/api/v1/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.data).toBe('');
  });

  it('a guest gets 401 on GET /api/v1/user; the cookie-only app mounts no token login', async () => {
    const { httpClient } = openBrowser(example.url);
    const guest = await settle(httpClient.get('/api/v1/user'));
    expect(guest.status).toBe(401);
    await httpClient.get('/sanctum/csrf-cookie');
    const tokenLogin = await settle(httpClient.post('/api/v1/login', { email: user.email, password: user.password, device_name: 'phone' }));
    expect(tokenLogin.status).toBe(404);
  });
});
