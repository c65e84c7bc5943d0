import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const SPA = 'http://localhost:5173';
const REQUESTED_HEADERS = 'content-type,x-xsrf-token,x-requested-with,accept';

const headerList = (value: unknown) => String(value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);

function preflight(url: string, path: string, origin: string, method = 'POST') {
  return request(url)
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', method)
    .set('Access-Control-Request-Headers', REQUESTED_HEADERS);
}

function expectNoCors(headers: Record<string, unknown>) {
  expect(Object.keys(headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
}

describe('CORS for stateful origins', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { SANCTUM_STATEFUL_DOMAINS: 'localhost:5173,*.example.org' } })));
  afterAll(() => t.close());

  it.each(['/login', '/logout', '/register', '/sanctum/csrf-cookie', '/api/user', '/api/no-such-route'])(
    'answers a preflight for %s with 204 and the credentialed CORS headers',
    async (path) => {
      const res = await preflight(t.url, path, SPA);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers['access-control-allow-origin']).toBe(SPA);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(headerList(res.headers['access-control-allow-methods'])).toEqual(
        expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete']),
      );
      expect(headerList(res.headers['access-control-allow-headers'])).toEqual(
        expect.arrayContaining(['x-xsrf-token', 'x-csrf-token', 'x-requested-with', 'content-type', 'authorization', 'accept']),
      );
      expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
      expect(headerList(res.headers.vary)).toContain('origin');
      expect(res.headers['set-cookie']).toBeUndefined();
    },
  );

  it('echoes the exact origin for a wildcard entry', async () => {
    const res = await preflight(t.url, '/api/user', 'https://spa.example.org', 'GET');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://spa.example.org');
  });

  it('adds the CORS headers to actual responses, errors included', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url, SPA);
    const responses = [
      await spa.http.get('/sanctum/csrf-cookie'), // 204
      await spa.http.get('/api/user'), // 401
      await spa.http.post('/login', { email: user.email, password: 'wrong-password' }), // 422
      await spa.http.post('/login', {}, { headers: { 'X-XSRF-TOKEN': '' } }), // 419
      await spa.http.get('/api/no-such-route'), // 404
    ];
    expect(responses.map((res) => res.status)).toEqual([204, 401, 422, 419, 404]);
    for (const res of responses) {
      expect(res.headers['access-control-allow-origin']).toBe(SPA);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(headerList(res.headers.vary)).toContain('origin');
      expect(headerList(res.headers['access-control-expose-headers'])).toContain('retry-after');
    }
    const logged = await spaLogin(t.url, user.email, user.plainPassword, SPA);
    const me = await logged.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.headers['access-control-allow-origin']).toBe(SPA);
  });

  it('gives other origins no CORS headers, on preflights or responses', async () => {
    for (const origin of ['http://evil.test', 'http://localhost:3000', 'https://evil.test/x.example.org', 'null']) {
      const pre = await preflight(t.url, '/login', origin);
      expect(pre.status).toBe(404);
      expectNoCors(pre.headers);
      const actual = await request(t.url).get('/sanctum/csrf-cookie').set('Origin', origin);
      expect(actual.status).toBe(204);
      expectNoCors(actual.headers);
    }
  });

  it('gives requests without Origin no CORS headers', async () => {
    const res = await request(t.url).get('/api/user');
    expect(res.status).toBe(401);
    expectNoCors(res.headers);
  });
});
