import { GatehouseRbac } from 'gatehouse';
import { RunningExample, startExample } from '../../support/example-server';
import { xetasuite } from '../src/app';
import { Browser, openBrowser } from './client/browser';
import { DemoAccount, seedDemo } from './demo';
import { settle } from './settle';

describe('XetaSuite: the site switch and the locale of its client docs', () => {
  let example: RunningExample;
  let user: DemoAccount;
  let accounts: DemoAccount[];
  beforeAll(async () => {
    example = await startExample(xetasuite);
    ({ user, accounts } = await seedDemo(example));
  });
  afterAll(() => example?.close());

  const signedIn = async (account: DemoAccount): Promise<Browser> => {
    const browser = openBrowser(example.url);
    await browser.AuthRepository.login({ email: account.email, password: account.password });
    return browser;
  };
  const lyon = () => user.sites.find((site) => !site.is_headquarters)!;
  const headquarters = () => user.sites.find((site) => site.is_headquarters)!;

  it('demo:seed made two sites (one headquarters) and a user with a different role in each; a second run changes nothing', async () => {
    expect(user.sites.map(({ name, is_headquarters, roles }) => ({ name, is_headquarters, roles }))).toEqual([
      { name: 'Headquarters', is_headquarters: true, roles: ['manager'] },
      { name: 'Lyon Plant', is_headquarters: false, roles: ['operator'] },
    ]);
    expect(accounts.map((account) => account.email)).toEqual(['admin@xetasuite.test', user.email]);
    expect((await seedDemo(example)).accounts).toEqual(accounts);
  });

  it('PATCH /api/v1/user/site {site_id} answers the user with the permissions of that site; GET agrees', async () => {
    const { httpClient } = await signedIn(user);
    const switched = await httpClient.patch('/api/v1/user/site', { site_id: lyon().id });
    expect(switched.status).toBe(200);
    expect(switched.data.data).toMatchObject({ current_site_id: lyon().id, roles: ['operator', 'user'], permissions: ['material.view', 'material.viewAny'] });
    expect(Object.keys(switched.data.data)).toEqual(['id', 'first_name', 'last_name', 'full_name', 'email', 'username', 'locale', 'current_site_id', 'roles', 'permissions', 'sites']);
    expect((await httpClient.get('/api/v1/user')).data).toEqual(switched.data);

    const back = await httpClient.patch('/api/v1/user/site', { site_id: headquarters().id });
    expect(back.data.data).toMatchObject({ current_site_id: headquarters().id, roles: ['manager', 'user'] });
  });

  it('the site switch: 403 for a site the user has no role in, 404 for none, 422 without site_id, 401 for a guest', async () => {
    const elsewhere = await example.served.app.get(GatehouseRbac).ensureTeam('Marseille Depot', { is_headquarters: false });
    const { httpClient } = await signedIn(user);
    expect((await settle(httpClient.patch('/api/v1/user/site', { site_id: elsewhere.id }))).status).toBe(403);
    expect((await settle(httpClient.patch('/api/v1/user/site', { site_id: 999_999 }))).status).toBe(404);
    const missing = await settle(httpClient.patch('/api/v1/user/site', {}));
    expect(missing.status).toBe(422);
    expect(missing.data).toEqual({ message: 'The site id field is required.', errors: { site_id: ['The site id field is required.'] } });

    const guest = openBrowser(example.url);
    await guest.httpClient.get('/sanctum/csrf-cookie');
    expect((await settle(guest.httpClient.patch('/api/v1/user/site', { site_id: lyon().id }))).status).toBe(401);
  });

  it('PATCH /api/v1/user/locale {locale} sets the locale and answers the user; GET /api/v1/user agrees', async () => {
    const admin = accounts.find((account) => account.roles.includes('admin'))!;
    const { httpClient } = await signedIn(admin);
    const updated = await httpClient.patch('/api/v1/user/locale', { locale: 'fr' });
    expect(updated.status).toBe(200);
    expect(updated.data.data).toMatchObject({ email: admin.email, locale: 'fr', current_site_id: admin.current_site_id, roles: ['admin', 'user'] });
    expect((await httpClient.get('/api/v1/user')).data).toEqual(updated.data);
    expect((await httpClient.patch('/api/v1/user/locale', { locale: 'en' })).data.data.locale).toBe('en');
  });

  it('the locale: 422 outside the translated languages or without one, 401 for a guest, 419 without the XSRF header', async () => {
    const { httpClient } = await signedIn(user);
    const unknown = await settle(httpClient.patch('/api/v1/user/locale', { locale: 'de' }));
    expect(unknown.status).toBe(422);
    expect(unknown.data).toEqual({ message: 'The selected locale is invalid.', errors: { locale: ['The selected locale is invalid.'] } });
    const missing = await settle(httpClient.patch('/api/v1/user/locale', {}));
    expect(missing.data).toEqual({ message: 'The locale field is required.', errors: { locale: ['The locale field is required.'] } });
    const forged = await settle(httpClient.patch('/api/v1/user/locale', { locale: 'fr' }, { withXSRFToken: false }));
    expect(forged.status).toBe(419);
    expect((await httpClient.get('/api/v1/user')).data.data.locale).toBe('en');

    const guest = openBrowser(example.url);
    await guest.httpClient.get('/sanctum/csrf-cookie');
    expect((await settle(guest.httpClient.patch('/api/v1/user/locale', { locale: 'fr' }))).status).toBe(401);
  });

  it('the locale and the site switch with a bearer token (minted by the CLI): a `*` token may, a narrower one gets 403', async () => {
    const full = (await example.cli('token:create', user.email, 'ops')).out.trim();
    const narrow = (await example.cli('token:create', user.email, 'reader', '--abilities', 'material.view')).out.trim();
    const patch = (token: string, path: string, body: object) =>
      fetch(`${example.url}${path}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const allowed = await patch(full, '/api/v1/user/locale', { locale: 'fr' });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { data: { locale: string } }).data.locale).toBe('fr');
    await patch(full, '/api/v1/user/locale', { locale: 'en' });
    for (const [path, body] of [['/api/v1/user/locale', { locale: 'fr' }], ['/api/v1/user/site', { site_id: lyon().id }]] as const) {
      const refused = await patch(narrow, path, body);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ message: 'Invalid ability provided.' });
    }
  });
});
