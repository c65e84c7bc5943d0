import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { auditRows, SESSION_COOKIE } from './helpers';

/**
 * A web POST that carries `Authorization: Bearer …` and no session cookie skips CSRF (docs/http-contract.md §2.4).
 * Safe because a cross-site page cannot make a browser send an Authorization header without a CORS
 * preflight (which we refuse for foreign origins) and such a request has no ambient authority: it is
 * authenticated by the token alone, so a bogus token gets 401, never access.
 */
describe('CSRF exemption of bearer requests on web routes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const crossSite = (method: 'post' | 'put' | 'delete', path: string) =>
    request(t.url)[method](path).set({ Origin: 'https://evil.example', Accept: 'application/json', Authorization: 'Bearer 1|bogus' });

  it.each([
    ['post', '/logout'],
    ['post', '/user/confirm-password'],
    ['put', '/user/password'],
    ['delete', '/user'],
  ] as const)('%s %s with a bogus bearer and no cookie answers 401, not 419', async (method, path) => {
    const res = await crossSite(method, path).send({ password: 'password123' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.', reason: 'token_invalid' });
    expect(await auditRows(t.db, 'csrf.mismatch')).toEqual([]);
  });

  it('a bogus bearer next to a session cookie does not skip CSRF (419), and the session is untouched', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const res = await crossSite('delete', '/user')
      .set('Cookie', `${SESSION_COOKIE}=${spa.cookie(SESSION_COOKIE)}`)
      .send({ password: user.plainPassword });
    expect(res.status).toBe(419);
    expect((await t.db.query('SELECT id FROM users WHERE id = $1', [user.id])).rowCount).toBe(1);
    expect((await spa.http.get('/api/user')).status).toBe(200);
  });

  it('the CORS preflight a browser would need to send that header cross-site is not granted', async () => {
    const res = await request(t.url)
      .options('/user/confirm-password')
      .set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-headers'] ?? '').not.toMatch(/authorization/i);
  });
});
