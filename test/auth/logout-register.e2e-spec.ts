import request from 'supertest';
import { sha256Hex } from '../../src/common/crypto';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { SESSION_COOKIE, SPA_ORIGIN, sessionOf, setCookies, xsrfOf } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const USER_KEYS = [
  'id', 'name', 'email', 'email_verified_at', 'two_factor_enabled', 'locale', 'current_team_id',
  'roles', 'permissions', 'created_at', 'updated_at',
];

describe('POST /logout', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('answers 204, issues a new session id and XSRF token, and kills the old session', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const oldSession = sessionOf(spa)!;
    const oldXsrf = xsrfOf(spa);
    const res = await spa.http.post('/logout');
    expect(res.status).toBe(204);
    expect(res.data).toBe('');
    const issued = setCookies(res.headers);
    expect(issued[SESSION_COOKIE].value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(issued[SESSION_COOKIE].value).not.toBe(oldSession);
    expect(issued['XSRF-TOKEN'].value).not.toBe(oldXsrf);
    expect((await spa.http.get('/api/user')).status).toBe(401);

    const { rows } = await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [sha256Hex(oldSession)]);
    expect(rows).toHaveLength(0);
    const replay = spaClient(t.url);
    await replay.jar.setCookie(`${SESSION_COOKIE}=${oldSession}; Path=/`, t.url);
    expect((await replay.http.get('/api/user')).status).toBe(401);
  });

  it('answers 401 to a guest (with a valid CSRF token)', async () => {
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const res = await spa.http.post('/logout');
    expect(res.status).toBe(401);
    expect(res.data).toEqual({ message: 'Unauthenticated.', reason: 'no_credentials' });
  });

  it('revokes the token (204) for a bearer caller without a session cookie, with no CSRF check', async () => {
    const user = await createUser(t.app);
    const { plainTextToken, token } = await t.app.get(TokensService).create(user.id, 'x');
    const res = await request(t.url)
      .post('/logout')
      .set('Authorization', `Bearer ${plainTextToken}`)
      .set('Origin', SPA_ORIGIN)
      .set('Accept', 'application/json');
    expect(res.status).toBe(204);
    const { rows } = await t.db.query('SELECT 1 FROM personal_access_tokens WHERE id = $1', [token.id]);
    expect(rows).toHaveLength(0);
    const after = await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`).set('Accept', 'application/json');
    expect(after.status).toBe(401);
  });

  it('logs out only the current session, not the user\'s other devices', async () => {
    const user = await createUser(t.app);
    const laptop = await spaLogin(t.url, user.email, user.plainPassword);
    const phone = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await laptop.http.post('/logout')).status).toBe(204);
    expect((await phone.http.get('/api/user')).status).toBe(200);
  });
});

describe('POST /register', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  async function register(body: Record<string, unknown>) {
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    return { spa, guestId: sessionOf(spa), res: await spa.http.post('/register', body) };
  }

  it('answers 201 with the user JSON and logs the new user in under a new session id', async () => {
    const { spa, guestId, res } = await register({
      name: ' Ada Lovelace ',
      email: ' Ada@Example.COM ',
      password: 'correct-horse',
      password_confirmation: 'correct-horse',
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.data).sort()).toEqual([...USER_KEYS].sort());
    expect(res.data).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', two_factor_enabled: false });
    expect(JSON.stringify(res.data)).not.toMatch(/correct-horse|\$2[aby]\$/);
    expect(sessionOf(spa)).not.toBe(guestId);
    const me = await spa.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data.id).toBe(res.data.id);
    const { rows } = await t.db.query('SELECT email, password FROM users WHERE id = $1', [res.data.id]);
    expect(rows[0].email).toBe('ada@example.com');
    expect(rows[0].password).toMatch(/^\$2[aby]\$/);
  });

  it('answers 422 for an email already taken, whatever its case', async () => {
    const existing = await createUser(t.app, { email: 'taken@example.com' });
    const { spa, res } = await register({
      name: 'Copy',
      email: existing.email.toUpperCase(),
      password: 'password123',
      password_confirmation: 'password123',
    });
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      message: 'The email has already been taken.',
      errors: { email: ['The email has already been taken.'] },
    });
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });

  it('answers 422 with Laravel messages for missing fields', async () => {
    const { res } = await register({});
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      message: 'The name field is required. (and 2 more errors)',
      errors: {
        name: ['The name field is required.'],
        email: ['The email field is required.'],
        password: ['The password field is required.'],
      },
    });
  });

  it('answers 422 with Laravel messages for a bad email, a short password and a wrong confirmation', async () => {
    const { res } = await register({ name: 'x'.repeat(256), email: 'not-an-email', password: 'short', password_confirmation: 'other' });
    expect(res.status).toBe(422);
    expect(res.data.errors).toEqual({
      name: ['The name field must not be greater than 255 characters.'],
      email: ['The email field must be a valid email address.'],
      password: ['The password field must be at least 8 characters.', 'The password field confirmation does not match.'],
    });
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM users');
    expect(rows[0].n).toBe(2);
  });

  it('needs the CSRF token like every web POST', async () => {
    const spa = spaClient(t.url);
    const res = await spa.http.post('/register', { name: 'N', email: 'csrf@example.com', password: 'password123', password_confirmation: 'password123' });
    expect(res.status).toBe(419);
  });
});
