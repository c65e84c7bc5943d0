import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { SESSION_COOKIE } from './helpers';

/** Requests are classified web vs API by the route they matched, however the path was spelled. */
describe('API route classification', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startApp();
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    cookie = `${SESSION_COOKIE}=${spa.cookie(SESSION_COOKIE)}`;
  });
  afterAll(() => t.close());

  const get = (path: string, origin: string) => request(t.url).get(path).set({ Accept: 'application/json', Cookie: cookie, Origin: origin });

  it.each(['/api/user', '/%61pi/user', '/%61%70%69/user', '/api/%75ser'])(
    'GET %s with a session cookie from a non-stateful origin ignores the cookie (401)',
    async (path) => {
      const res = await get(path, 'https://evil.example');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthenticated.', reason: 'origin_not_stateful' });
    },
  );

  it.each(['/api/user', '/%61pi/user'])('GET %s from the stateful origin uses the session (200)', async (path) => {
    const res = await get(path, 'http://localhost:3000');
    expect(res.status).toBe(200);
  });

  it('an encoded API path from a non-stateful origin needs no CSRF either: POST /%61pi/logout with a cookie is 401, not 419', async () => {
    const res = await request(t.url).post('/%61pi/logout').set({ Accept: 'application/json', Cookie: cookie, Origin: 'https://evil.example' });
    expect(res.status).toBe(401);
  });
});
