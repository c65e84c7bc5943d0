import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { API_PROBE, ApiProbeModule, SESSION_COOKIE, SPA_ORIGIN, sessionOf, startIsolatedApp, xsrfOf } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const MISSING = { message: 'CSRF token mismatch.', reason: 'xsrf_header_missing' };
const MISMATCH = { message: 'CSRF token mismatch.', reason: 'xsrf_mismatch' };

/** Percent-encodes every character, as a client that copies the raw cookie might. */
const encodeAll = (value: string) => [...value].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('CSRF protection', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ extraModules: [ApiProbeModule] })));
  afterAll(() => t.close());

  describe('web routes', () => {
    it('returns 419 when X-XSRF-TOKEN is missing', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword }, { headers: { 'X-XSRF-TOKEN': '' } });
      expect(res.status).toBe(419);
      expect(res.data).toEqual(MISSING);
    });

    it('returns 419 when there is no session cookie at all', async () => {
      const res = await spaClient(t.url).http.post('/login', { email: 'a@example.com', password: 'password123' });
      expect(res.status).toBe(419);
      expect(res.data).toEqual(MISSING);
    });

    it('returns 419 when X-XSRF-TOKEN is wrong', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword }, { headers: { 'X-XSRF-TOKEN': `${xsrfOf(spa)}x` } });
      expect(res.status).toBe(419);
      expect(res.data).toEqual(MISMATCH);
    });

    it('returns 419 for the token of another session', async () => {
      const user = await createUser(t.app);
      const other = spaClient(t.url);
      await other.http.get('/sanctum/csrf-cookie');
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword }, { headers: { 'X-XSRF-TOKEN': xsrfOf(other) } });
      expect(res.status).toBe(419);
    });

    it('returns 419 for a stale token after logout (the token rotated)', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const stale = xsrfOf(spa);
      expect((await spa.http.post('/logout')).status).toBe(204);
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword }, { headers: { 'X-XSRF-TOKEN': stale } });
      expect(res.status).toBe(419);
      expect(res.data).toEqual(MISMATCH);
      expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(200);
    });

    it('returns 419 for the guest token once login rotated it', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const guestToken = xsrfOf(spa);
      await spa.http.post('/login', { email: user.email, password: user.plainPassword });
      const res = await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': guestToken } });
      expect(res.status).toBe(419);
      expect((await spa.http.get('/api/user')).status).toBe(200);
    });

    it('accepts the token in X-CSRF-TOKEN and in the _token body field', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const token = xsrfOf(spa);
      const viaCsrfHeader = await spa.http.post('/login', { email: user.email, password: 'wrong-password' }, {
        headers: { 'X-XSRF-TOKEN': '', 'X-CSRF-TOKEN': token },
      });
      expect(viaCsrfHeader.status).toBe(422);
      const viaBody = await spa.http.post('/login', { email: user.email, password: 'wrong-password', _token: token }, {
        headers: { 'X-XSRF-TOKEN': '' },
      });
      expect(viaBody.status).toBe(422);
    });

    it('accepts a URL-encoded X-XSRF-TOKEN (a client that copies the cookie verbatim)', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword }, {
        headers: { 'X-XSRF-TOKEN': encodeAll(xsrfOf(spa)) },
      });
      expect(res.status).toBe(200);
    });

    it('never checks GET or HEAD', async () => {
      const spa = spaClient(t.url);
      expect((await spa.http.get('/sanctum/csrf-cookie', { headers: { 'X-XSRF-TOKEN': 'nonsense' } })).status).toBe(204);
      expect((await spa.http.head('/sanctum/csrf-cookie', { headers: { 'X-XSRF-TOKEN': 'nonsense' } })).status).toBe(204);
    });

    it('does not check a bearer request without a session cookie, even from a stateful origin', async () => {
      const user = await createUser(t.app);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'x');
      const res = await request(t.url)
        .post(API_PROBE)
        .set('Origin', 'http://localhost')
        .set('Authorization', `Bearer ${plainTextToken}`)
        .send({});
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ via: 'token', user_id: user.id });
    });

    it('does check a bearer request that also carries a session cookie (the session would win)', async () => {
      const user = await createUser(t.app);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'x');
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': '', Authorization: `Bearer ${plainTextToken}` } });
      expect(res.status).toBe(419);
    });
  });

  describe('API routes', () => {
    it('returns 419 for a stateful API POST without X-XSRF-TOKEN', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post(API_PROBE, {}, { headers: { 'X-XSRF-TOKEN': '' } });
      expect(res.status).toBe(419);
      expect(res.data).toEqual(MISSING);
      const ok = await spa.http.post(API_PROBE, {});
      expect(ok.status).toBe(200);
      expect(ok.data).toEqual({ via: 'session', user_id: user.id });
    });

    it('detects a stateful request by Referer when there is no Origin', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post(API_PROBE, {}, { headers: { Origin: '', Referer: `${SPA_ORIGIN}/dashboard`, 'X-XSRF-TOKEN': '' } });
      expect(res.status).toBe(419);
    });

    it('ignores the session cookie (no CSRF, no session) for a non-stateful origin', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const foreign = { Origin: 'http://evil.test', Referer: 'http://evil.test/', 'X-XSRF-TOKEN': '' };
      const post = await spa.http.post(API_PROBE, {}, { headers: foreign });
      expect(post.status).toBe(200);
      expect(post.data).toEqual({ via: null, user_id: null });
      const me = await spa.http.get('/api/user', { headers: foreign });
      expect(me.status).toBe(401);
      expect(me.data).toEqual({ message: 'Unauthenticated.', reason: 'origin_not_stateful' });
    });

    it('treats a request with neither Origin nor Referer as not stateful', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await request(t.url).get('/api/user').set('Cookie', `${SESSION_COOKIE}=${sessionOf(spa)}`).set('Accept', 'application/json');
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('origin_not_stateful');
    });

    it('does not let a Referer path satisfy a wildcard stateful entry', async () => {
      const wild = await startIsolatedApp({ databaseUrl: t.databaseUrl, env: { SANCTUM_STATEFUL_DOMAINS: '*.example.org' } });
      try {
        const user = await createUser(t.app); // same database; the isolated app has its own class tokens
        const spa = await spaLogin(wild.url, user.email, user.plainPassword, 'https://app.example.org');
        const tricked = await spa.http.get('/api/user', { headers: { Origin: '', Referer: 'https://evil.test/x.example.org/' } });
        expect(tricked.status).toBe(401);
        expect(tricked.data.reason).toBe('origin_not_stateful');
        expect((await spa.http.get('/api/user')).status).toBe(200);
      } finally {
        await wild.close();
      }
    });
  });
});
