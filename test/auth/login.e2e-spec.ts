import { sha256Hex } from '../../src/common/crypto';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { SESSION_COOKIE, sessionOf, setCookies, xsrfOf } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const MISMATCH = 'These credentials do not match our records.';

describe('POST /login', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { REMEMBER_LIFETIME_DAYS: '30', SESSION_LIFETIME: '45' } })));
  afterAll(() => t.close());

  it('answers 200 {"two_factor":false} and logs the session in', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ two_factor: false });
    const me = await spa.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ id: user.id, email: user.email });
  });

  it('normalises the email (trim, case) before looking the user up', async () => {
    const user = await createUser(t.app, { email: 'mixed.case@example.com' });
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const res = await spa.http.post('/login', { email: '  Mixed.CASE@Example.com ', password: user.plainPassword });
    expect(res.status).toBe(200);
  });

  it('gives the session a new id at login, and the old id stays a guest (no fixation)', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const guestId = sessionOf(spa)!;
    const guestXsrf = xsrfOf(spa);
    const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    const issued = setCookies(res.headers);
    expect(issued[SESSION_COOKIE].value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(issued[SESSION_COOKIE].value).not.toBe(guestId);
    expect(issued['XSRF-TOKEN'].value).not.toBe(guestXsrf);

    const planted = spaClient(t.url);
    await planted.jar.setCookie(`${SESSION_COOKIE}=${guestId}; Path=/`, t.url);
    const asGuest = await planted.http.get('/api/user');
    expect(asGuest.status).toBe(401);
    const { rows } = await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [sha256Hex(guestId)]);
    expect(rows).toHaveLength(0);
  });

  it('ends the previous session when a logged-in browser logs in again', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const firstId = sessionOf(spa)!;
    expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(200);
    expect(sessionOf(spa)).not.toBe(firstId);
    const { rows } = await t.db.query('SELECT id FROM sessions WHERE user_id = $1', [user.id]);
    expect(rows.map((row) => row.id)).toEqual([sha256Hex(sessionOf(spa)!)]);
  });

  it('answers 422 with the same body for an unknown email and a wrong password', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const wrongPassword = await spa.http.post('/login', { email: user.email, password: 'not-the-password' });
    const unknownEmail = await spa.http.post('/login', { email: `nobody-${user.id}@example.com`, password: 'whatever1' });
    const expected = { message: MISMATCH, errors: { email: [MISMATCH] } };
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.data).toEqual(expected);
    expect(unknownEmail.status).toBe(422);
    expect(unknownEmail.data).toEqual(expected);
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });

  it('answers 422 with Laravel messages when fields are missing or not strings', async () => {
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const empty = await spa.http.post('/login', {});
    expect(empty.status).toBe(422);
    expect(empty.data).toEqual({
      message: 'The email field is required. (and 1 more error)',
      errors: { email: ['The email field is required.'], password: ['The password field is required.'] },
    });
    const blank = await spa.http.post('/login', { email: '   ', password: 'x' });
    expect(blank.data.errors).toEqual({ email: ['The email field is required.'] });
    const wrongType = await spa.http.post('/login', { email: ['a@b.c'], password: 12345678 });
    expect(wrongType.status).toBe(422);
    expect(wrongType.data.errors).toEqual({
      email: ['The email field must be a string.'],
      password: ['The password field must be a string.'],
    });
  });

  it('accepts a form post with _token instead of the header', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const form = new URLSearchParams({ email: user.email, password: user.plainPassword, _token: xsrfOf(spa) });
    const res = await spa.http.post('/login', form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': '' },
    });
    expect(res.status).toBe(200);
  });

  describe('remember', () => {
    const sessionMaxAge = String(45 * 60);
    const rememberMaxAge = String(30 * 86_400);

    async function loginWith(remember: unknown) {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/login', { email: user.email, password: user.plainPassword, remember });
      expect(res.status).toBe(200);
      const { rows } = await t.db.query('SELECT remember, expires_at FROM sessions WHERE user_id = $1', [user.id]);
      return { spa, cookies: setCookies(res.headers), row: rows[0] as { remember: boolean; expires_at: Date } };
    }

    it.each([true, 1, '1', 'true', 'on', 'yes', 'YES'])(
      'treats remember=%p as true: both cookies last REMEMBER_LIFETIME_DAYS',
      async (remember) => {
        const { cookies, row } = await loginWith(remember);
        expect(cookies[SESSION_COOKIE].attributes['max-age']).toBe(rememberMaxAge);
        expect(cookies['XSRF-TOKEN'].attributes['max-age']).toBe(rememberMaxAge);
        expect(row.remember).toBe(true);
        expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      },
    );

    it.each([false, 0, '0', 'false', 'off', 'no', null, undefined])(
      'treats remember=%p as false: cookies last SESSION_LIFETIME minutes',
      async (remember) => {
        const { cookies, row } = await loginWith(remember);
        expect(cookies[SESSION_COOKIE].attributes['max-age']).toBe(sessionMaxAge);
        expect(cookies['XSRF-TOKEN'].attributes['max-age']).toBe(sessionMaxAge);
        expect(row.remember).toBe(false);
        expect(row.expires_at.getTime()).toBeLessThan(Date.now() + 46 * 60_000);
      },
    );

    it('re-issues a remembered session cookie with the remember lifetime as it is used', async () => {
      const { spa } = await loginWith(true);
      const me = await spa.http.get('/api/user');
      expect(me.status).toBe(200);
      expect(setCookies(me.headers)[SESSION_COOKIE].attributes['max-age']).toBe(rememberMaxAge);
    });

    it('re-issues an ordinary session cookie with SESSION_LIFETIME as it is used (sliding)', async () => {
      const { spa } = await loginWith(false);
      const me = await spa.http.get('/api/user');
      const cookies = setCookies(me.headers);
      expect(cookies[SESSION_COOKIE].attributes['max-age']).toBe(sessionMaxAge);
      expect(cookies['XSRF-TOKEN'].attributes['max-age']).toBe(sessionMaxAge);
    });
  });
});

describe('POST /login timing', () => {
  let t: TestApp;
  // Real bcrypt cost, so the password check dominates and a skipped check would show.
  beforeAll(async () => (t = await startApp({ env: { BCRYPT_ROUNDS: '10', LOGIN_MAX_ATTEMPTS: '100' } })));
  afterAll(() => t.close());

  async function timed(send: () => Promise<{ status: number }>): Promise<number> {
    const started = process.hrtime.bigint();
    const res = await send();
    expect(res.status).toBe(422);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      wrong.push(await timed(() => spa.http.post('/login', { email: user.email, password: `wrong-${i}-password` })));
      unknown.push(await timed(() => spa.http.post('/login', { email: `ghost-${i}@example.com`, password: 'wrong-password' })));
    }
    expect(median(unknown)).toBeGreaterThanOrEqual(median(wrong) * 0.5);
  });
});
