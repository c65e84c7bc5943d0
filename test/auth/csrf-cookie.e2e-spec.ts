import axios from 'axios';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';
import { SESSION_COOKIE, setCookies, startIsolatedApp } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const plain = (url: string) => axios.create({ baseURL: url, validateStatus: () => true, headers: { Accept: 'application/json' } });

describe('GET /sanctum/csrf-cookie', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('answers 204 with an empty body and sets the session and XSRF-TOKEN cookies', async () => {
    const res = await plain(t.url).get('/sanctum/csrf-cookie');
    expect(res.status).toBe(204);
    expect(res.data).toBe('');
    const cookies = setCookies(res.headers);
    expect(cookies[SESSION_COOKIE].value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(cookies['XSRF-TOKEN'].value).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('sets the cookie attributes of docs/http-contract.md §2.2–2.3 by default (HttpOnly session, readable XSRF, Lax, /)', async () => {
    const cookies = setCookies((await plain(t.url).get('/sanctum/csrf-cookie')).headers);
    const session = cookies[SESSION_COOKIE].attributes;
    const xsrf = cookies['XSRF-TOKEN'].attributes;
    expect(session).toMatchObject({ httponly: '', path: '/', samesite: 'Lax', 'max-age': String(120 * 60) });
    expect(xsrf).toMatchObject({ path: '/', samesite: 'Lax', 'max-age': String(120 * 60) });
    expect(xsrf).not.toHaveProperty('httponly');
    for (const attrs of [session, xsrf]) {
      expect(attrs).not.toHaveProperty('secure');
      expect(attrs).not.toHaveProperty('domain');
      expect(Date.parse(attrs.expires)).toBeGreaterThan(Date.now() + 119 * 60_000);
    }
  });

  it('keeps the same session id and token while the client sends its cookie back', async () => {
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const first = { session: spa.cookie(SESSION_COOKIE), xsrf: spa.cookie('XSRF-TOKEN') };
    const again = setCookies((await spa.http.get('/sanctum/csrf-cookie')).headers);
    expect(again[SESSION_COOKIE].value).toBe(first.session);
    expect(again['XSRF-TOKEN'].value).toBe(first.xsrf);
  });

  it('replaces a malformed session cookie with a fresh 40-character id', async () => {
    const res = await plain(t.url).get('/sanctum/csrf-cookie', { headers: { Cookie: `${SESSION_COOKIE}=short` } });
    expect(setCookies(res.headers)[SESSION_COOKIE].value).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('stores nothing for guests: many csrf-cookie calls write no session rows', async () => {
    await Promise.all(Array.from({ length: 20 }, () => plain(t.url).get('/sanctum/csrf-cookie')));
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM sessions');
    expect(rows[0].n).toBe(0);
  });

  it('stays at the root when AUTH_ROUTE_PREFIX moves the web routes', async () => {
    const prefixed = await startIsolatedApp({ databaseUrl: t.databaseUrl, env: { AUTH_ROUTE_PREFIX: 'auth' } });
    try {
      const user = await createUser(t.app); // same database; the isolated app has its own class tokens
      const spa = spaClient(prefixed.url);
      expect((await spa.http.get('/sanctum/csrf-cookie')).status).toBe(204);
      expect((await spa.http.get('/auth/sanctum/csrf-cookie')).status).toBe(404);
      expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(404);
      expect((await spa.http.post('/auth/login', { email: user.email, password: user.plainPassword })).status).toBe(200);
    } finally {
      await prefixed.close();
    }
  });
});

describe('session cookie attributes from the configuration', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await startApp({
        env: {
          SESSION_SECURE_COOKIE: 'true',
          SESSION_DOMAIN: '.example.test',
          SESSION_SAME_SITE: 'strict',
          SESSION_LIFETIME: '30',
          SESSION_COOKIE: 'spa_session',
        },
      })),
  );
  afterAll(() => t.close());

  it('applies SESSION_SECURE_COOKIE, SESSION_DOMAIN, SESSION_SAME_SITE, SESSION_LIFETIME and SESSION_COOKIE to both cookies', async () => {
    const cookies = setCookies((await plain(t.url).get('/sanctum/csrf-cookie')).headers);
    expect(cookies).not.toHaveProperty(SESSION_COOKIE);
    const expected = { secure: '', domain: '.example.test', samesite: 'Strict', path: '/', 'max-age': String(30 * 60) };
    expect(cookies.spa_session.attributes).toMatchObject({ ...expected, httponly: '' });
    expect(cookies['XSRF-TOKEN'].attributes).toMatchObject(expected);
    expect(cookies['XSRF-TOKEN'].attributes).not.toHaveProperty('httponly');
  });

  it('marks cookies Secure by default when APP_URL is https', async () => {
    const https = await startIsolatedApp({ databaseUrl: t.databaseUrl, env: { APP_URL: 'https://app.example.test' } });
    try {
      const cookies = setCookies((await plain(https.url).get('/sanctum/csrf-cookie')).headers);
      expect(cookies[SESSION_COOKIE].attributes).toHaveProperty('secure');
      expect(cookies['XSRF-TOKEN'].attributes).toHaveProperty('secure');
    } finally {
      await https.close();
    }
  });
});
