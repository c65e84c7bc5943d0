import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { tokenFor } from '../rbac/support';
import { api, bearer, tokenId } from './helpers';

const INVALID_ABILITY = { message: 'Invalid ability provided.' };

type Route = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string };

/** Routes every token may call, whatever its abilities (docs/http-contract.md §2.7). */
const OPEN_TO_ANY_TOKEN = new Set(['get /api/user']);

/** Account (/user/*, /api/user/*) and token-management routes, read from the live route table (the OpenAPI document). */
async function accountAndTokenRoutes(t: TestApp): Promise<Route[]> {
  const doc = (await request(t.url).get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!/^\/(user|api\/user|api\/tokens)(\/|$)/.test(path)) continue;
    for (const method of Object.keys(operations) as Route['method'][]) {
      if (!OPEN_TO_ANY_TOKEN.has(`${method} ${path}`)) routes.push({ method, path: path.replace(/\{[^}]+\}/g, '999999') });
    }
  }
  return routes;
}

const send = (t: TestApp, route: Route, headers: Record<string, string>) => request(t.url)[route.method](route.path).set(headers).send({});

describe('account and token management need a session or a full-access (*) token (docs/http-contract.md §2.7)', () => {
  let t: TestApp;
  let routes: Route[];
  beforeAll(async () => {
    t = await startApp();
    routes = await accountAndTokenRoutes(t);
  });
  afterAll(() => t.close());

  it('finds every account and token route in the route table', () => {
    const names = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const expected of [
      'PUT /user/profile-information',
      'PUT /user/password',
      'POST /user/confirm-password',
      'GET /user/confirmed-password-status',
      'GET /user/sessions',
      'DELETE /user/sessions/999999',
      'DELETE /user/other-browser-sessions',
      'DELETE /user',
      'POST /user/two-factor-authentication',
      'GET /user/two-factor-recovery-codes',
      'PATCH /api/user/current-team',
      'GET /user/connected-accounts',
      'DELETE /user/connected-accounts/999999',
      'GET /user/passkeys',
      'POST /user/passkeys/options',
      'POST /user/passkeys',
      'PATCH /user/passkeys/999999',
      'DELETE /user/passkeys/999999',
      'GET /api/tokens',
      'POST /api/tokens',
      'PUT /api/tokens/999999',
      'DELETE /api/tokens/999999',
      'DELETE /api/tokens',
    ]) {
      expect(names).toContain(expected);
    }
    expect(names).not.toContain('GET /api/user');
  });

  it('documents the requirement in the OpenAPI document (403 on each of them)', async () => {
    const doc = (await request(t.url).get('/docs-json')).body as { paths: Record<string, Record<string, { responses: object }>> };
    expect(doc.paths['/user/profile-information'].put.responses).toHaveProperty('403');
    expect(doc.paths['/api/tokens'].post.responses).toHaveProperty('403');
    expect(doc.paths['/api/user'].get.responses).not.toHaveProperty('403');
  });

  it('answers 403 Invalid ability provided. to a narrow token on each of them', async () => {
    const user = await createUser(t.app);
    const narrow = await tokenFor(t, user.id, ['posts.read', 'posts.*', 'tokens.*']);
    for (const route of routes) {
      const res = await send(t, route, bearer(narrow));
      expect({ route, status: res.status, body: res.body }).toEqual({ route, status: 403, body: INVALID_ABILITY });
    }
    // Nothing was changed or revoked on the way: the narrow token still works where it may.
    expect((await api(t).get('/api/user').set(bearer(narrow))).status).toBe(200);
  });

  it('lets a * token through the ability check on each of them', async () => {
    const user = await createUser(t.app);
    for (const route of routes) {
      const full = await tokenFor(t, user.id, ['*']);
      const res = await send(t, route, bearer(full));
      expect({ route, status: res.status }).not.toEqual({ route, status: 403 });
      expect([401, 419, 500]).not.toContain(res.status);
    }
  });

  it('lets a session through the ability check on each of them', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    for (const route of routes) {
      const res = await spa.http.request({ method: route.method, url: route.path, data: {} });
      expect({ route, status: res.status }).not.toEqual({ route, status: 403 });
      expect([401, 419, 500]).not.toContain(res.status);
    }
  });

  it('keeps GET /api/user and POST /api/logout open to any token', async () => {
    const user = await createUser(t.app);
    const narrow = await tokenFor(t, user.id, ['posts.read']);
    expect((await api(t).get('/api/user').set(bearer(narrow))).status).toBe(200);
    expect((await api(t).get('/api/auth/check').set(bearer(narrow))).body).toMatchObject({ authenticated: true, via: 'token' });
    expect((await api(t).post('/api/logout').set(bearer(narrow))).status).toBe(204);
    expect((await api(t).get('/api/user').set(bearer(narrow))).status).toBe(401);
  });

  it('stops the reviewer’s takeover: a posts.read token can neither change the email nor touch other tokens', async () => {
    const user = await createUser(t.app);
    const narrow = await tokenFor(t, user.id, ['posts.read']);
    const other = await tokenFor(t, user.id, ['*']);
    const profile = await api(t).put('/user/profile-information').set(bearer(narrow)).send({ name: 'Evil', email: 'attacker@example.com' });
    expect(profile.status).toBe(403);
    const rewrite = await api(t).put(`/api/tokens/${tokenId(other)}`).set(bearer(narrow)).send({ abilities: ['posts.read'] });
    expect(rewrite.status).toBe(403);
    expect((await api(t).delete(`/api/tokens/${tokenId(other)}`).set(bearer(narrow))).status).toBe(403);
    expect((await api(t).delete('/api/tokens').set(bearer(narrow))).status).toBe(403);
    const { rows } = await t.db.query('SELECT email, name FROM users WHERE id = $1', [user.id]);
    expect(rows[0]).toEqual({ email: user.email, name: user.name });
    const tokens = await t.db.query('SELECT id, abilities FROM personal_access_tokens WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(tokens.rows).toEqual([
      { id: tokenId(narrow), abilities: ['posts.read'] },
      { id: tokenId(other), abilities: ['*'] },
    ]);
  });
});
