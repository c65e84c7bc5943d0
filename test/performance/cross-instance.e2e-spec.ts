import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { createRole, giveRoles, seed, tokenFor } from '../rbac/support';

/**
 * Two instances on one database, each with warm caches of verified sessions, tokens, users and
 * permissions: a change made through instance A must be refused by instance B within a second.
 */
describe('revocation across instances (caches stay correct)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '100' } });
    b = await startApp({ databaseUrl: a.databaseUrl, env: { LOGIN_MAX_ATTEMPTS: '100' } });
    await seed(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

  /** Requests on B until it answers `status`; returns how long that took. */
  async function msUntil(status: number, send: () => Promise<{ status: number }>, limitMs = 1000): Promise<number> {
    const started = Date.now();
    for (;;) {
      const elapsed = Date.now() - started;
      if ((await send()).status === status) return elapsed;
      if (elapsed > limitMs) throw new Error(`instance B still did not answer ${status} after ${elapsed} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Warm B's caches: the same credential answered twice (the second from memory). */
  async function warm(send: () => Promise<{ status: number }>, expected = 200): Promise<void> {
    expect((await send()).status).toBe(expected);
    expect((await send()).status).toBe(expected);
  }

  it('refuses on B a token revoked on A', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    await warm(onB);
    expect((await request(a.url).post('/api/logout').set(bearer(token))).status).toBe(204);
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });

  it('refuses on B a session logged out on A', async () => {
    const user = await createUser(a.app);
    const spa = await spaLogin(a.url, user.email, user.plainPassword);
    const cookie = spa.jar.getCookieStringSync(a.url);
    const onB = () => request(b.url).get('/api/user').set({ Cookie: cookie, Origin: 'http://localhost:3000' });
    await warm(onB);
    expect((await spa.http.post('/logout')).status).toBe(204);
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });

  it('refuses on B the other sessions of a user whose password changed on A', async () => {
    const user = await createUser(a.app);
    const current = await spaLogin(a.url, user.email, user.plainPassword);
    const other = await spaLogin(a.url, user.email, user.plainPassword);
    const cookie = other.jar.getCookieStringSync(a.url);
    const onB = () => request(b.url).get('/api/user').set({ Cookie: cookie, Origin: 'http://localhost:3000' });
    await warm(onB);
    const changed = await current.http.put('/user/password', {
      current_password: user.plainPassword,
      password: 'new-password-1',
      password_confirmation: 'new-password-1',
    });
    expect(changed.status).toBe(200);
    expect(await msUntil(401, onB)).toBeLessThan(1000);
    expect((await current.http.get('/api/user')).status).toBe(200);
  });

  it('refuses on B a permission removed from a role on A', async () => {
    const role = await createRole(a, 'auditor', ['roles.view']);
    const user = await createUser(a.app);
    await giveRoles(a, user.id, ['auditor']);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/permissions').set(bearer(token));
    await warm(onB);
    const admin = await createUser(a.app);
    await giveRoles(a, admin.id, ['super-admin']);
    const removed = await request(a.url)
      .put(`/api/roles/${role.id}`)
      .set(bearer(await tokenFor(a, admin.id)))
      .send({ permissions: [] });
    expect(removed.status).toBe(200);
    expect(await msUntil(403, onB)).toBeLessThan(1000);
  });

  it('refuses on B the token of a user deleted on A', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    await warm(onB);
    const spa = await spaLogin(a.url, user.email, user.plainPassword);
    expect((await spa.http.delete('/user', { data: { password: user.plainPassword } })).status).toBe(204);
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });

  it('refuses on B a token whose row was deleted by hand (the trigger, not the app, tells B)', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    await warm(onB);
    await a.db.query('DELETE FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });

  it('serves warm credentials from memory: without the trigger, B would keep accepting a deleted token', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    await warm(onB);
    await a.db.query('ALTER TABLE personal_access_tokens DISABLE TRIGGER personal_access_tokens_notify_change');
    try {
      await a.db.query('DELETE FROM personal_access_tokens WHERE user_id = $1', [user.id]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await onB()).status).toBe(200);
    } finally {
      await a.db.query('ALTER TABLE personal_access_tokens ENABLE TRIGGER personal_access_tokens_notify_change');
    }
  });

  // TRUNCATE fires no row trigger: a statement-level one tells every instance to drop the whole table's entries.
  it('refuses on B a warm token after TRUNCATE personal_access_tokens', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    await warm(onB);
    await a.db.query('TRUNCATE personal_access_tokens');
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });

  it('refuses on B a warm session after TRUNCATE sessions', async () => {
    const user = await createUser(a.app);
    const spa = await spaLogin(a.url, user.email, user.plainPassword);
    const cookie = spa.jar.getCookieStringSync(a.url);
    const onB = () => request(b.url).get('/api/user').set({ Cookie: cookie, Origin: 'http://localhost:3000' });
    await warm(onB);
    await a.db.query('TRUNCATE sessions');
    expect(await msUntil(401, onB)).toBeLessThan(1000);
  });
});
