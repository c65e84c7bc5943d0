import { startExample, RunningExample } from '../../support/example-server';
import { gbapp } from '../src/app';
import { DemoAccount, demoAccounts, getApiUser, tokenLogin, webClient, webLogin } from './clients';

describe('GB App: POST /logout ends the session and revokes the API tokens', () => {
  let example: RunningExample;
  let admin: DemoAccount;
  let designer: DemoAccount;
  beforeAll(async () => {
    example = await startExample(gbapp);
    ({ admin, designer } = demoAccounts((await example.cli('demo:seed')).out));
  });
  afterAll(() => example?.close());

  it('every token of the user is refused right after the 204, the session too; other users keep theirs', async () => {
    const web = await webLogin(example.url, admin.email, admin.password);
    const created = await web.http.post('/api/tokens', { name: 'gb-reports' });
    expect(created.status).toBe(201);
    const mobile = await tokenLogin(example.url, admin.email, admin.password, 'gb-mobile');
    const othersToken = await tokenLogin(example.url, designer.email, designer.password);
    // Both used once, so the credential cache holds them when the logout comes.
    expect((await getApiUser(example.url, created.data.token as string)).status).toBe(200);
    expect((await getApiUser(example.url, mobile)).status).toBe(200);
    expect((await web.http.get('/api/user')).status).toBe(200);

    const logout = await web.http.post('/logout');
    expect(logout.status).toBe(204);
    expect(logout.data).toBe('');

    for (const token of [created.data.token as string, mobile]) {
      const res = await getApiUser(example.url, token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ message: 'Unauthenticated.' });
    }
    expect((await web.http.get('/api/user')).status).toBe(401);
    expect((await getApiUser(example.url, othersToken)).status).toBe(200);
  });

  it('a guest POST /logout gets 401; without the XSRF token 419 (CSRF token mismatch)', async () => {
    const guest = webClient(example.url);
    await guest.http.get('/sanctum/csrf-cookie');
    expect((await guest.http.post('/logout')).status).toBe(401);
    const web = await webLogin(example.url, designer.email, designer.password);
    const forged = await web.http.post('/logout', {}, { headers: { 'X-XSRF-TOKEN': 'forged' } });
    expect(forged.status).toBe(419);
    expect(forged.data).toMatchObject({ message: 'CSRF token mismatch.' });
    expect((await web.http.get('/api/user')).status).toBe(200);
  });

  it("a token's own POST /api/logout revokes that token only (Sanctum's rule)", async () => {
    const first = await tokenLogin(example.url, designer.email, designer.password, 'phone');
    const second = await tokenLogin(example.url, designer.email, designer.password, 'tablet');
    const res = await fetch(`${example.url}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${first}`, Accept: 'application/json' } });
    expect(res.status).toBe(204);
    expect((await getApiUser(example.url, first)).status).toBe(401);
    expect((await getApiUser(example.url, second)).status).toBe(200);
  });
});

describe('GB App: 429 Too many login attempts', () => {
  let example: RunningExample;
  let admin: DemoAccount;
  beforeAll(async () => {
    example = await startExample(gbapp);
    ({ admin } = demoAccounts((await example.cli('demo:seed')).out));
  });
  afterAll(() => example?.close());

  it('after 5 wrong passwords the next login, even the right one, answers 429 with Retry-After and the message', async () => {
    const web = webClient(example.url);
    await web.http.get('/sanctum/csrf-cookie');
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await web.http.post('/login', { email: admin.email, password: 'not-the-password' });
      expect(wrong.status).toBe(422);
      expect(wrong.data).toEqual({
        message: 'These credentials do not match our records.',
        errors: { email: ['These credentials do not match our records.'] },
      });
    }
    const locked = await web.http.post('/login', { email: admin.email, password: admin.password });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const message = `Too many login attempts. Please try again in ${retryAfter} seconds.`;
    expect(locked.data).toEqual({ message, errors: { email: [message] } });
    // The token login shares the key.
    const api = await fetch(`${example.url}/api/login`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password, device_name: 'gb-mobile' }),
    });
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).not.toBeNull();
  });
});
