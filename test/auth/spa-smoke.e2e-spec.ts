import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';

describe('SPA session flow (axios like the seeds)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('csrf-cookie → login → /api/user → logout', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    expect((await spa.http.get('/sanctum/csrf-cookie')).status).toBe(204);
    const login = await spa.http.post('/login', { email: user.email.toUpperCase(), password: user.plainPassword });
    expect(login.status).toBe(200);
    expect(login.data).toEqual({ two_factor: false });
    const me = await spa.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data.email).toBe(user.email);
    expect((await spa.http.post('/logout')).status).toBe(204);
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });
});
