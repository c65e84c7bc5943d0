import { sha256Hex } from '../../src/common/crypto';
import { TOKEN_REGEX } from '../../src/tokens/access-token';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { api, apiLogin, auditEvents, bearer, tokenId } from './helpers';

const MISMATCH = 'These credentials do not match our records.';

describe('Token login, registration and logout (docs/http-contract.md §4)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  describe('POST /api/login', () => {
    it('returns 201 with a gth_ token, Bearer type and the user, and stores only the SHA-256 of the secret', async () => {
      const user = await createUser(t.app);
      const res = await api(t).post('/api/login').send({ email: user.email, password: user.plainPassword, device_name: 'iPhone 15' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['token', 'token_type', 'user']);
      expect(res.body.token_type).toBe('Bearer');
      expect(res.body.token).toMatch(TOKEN_REGEX('gth_'));
      expect(res.body.user).toMatchObject({ id: user.id, email: user.email });
      expect(res.body.user).not.toHaveProperty('password');

      const [id, secret] = (res.body.token as string).split('|');
      const { rows } = await t.db.query('SELECT user_id, name, token, abilities FROM personal_access_tokens WHERE id = $1', [id]);
      expect(rows).toEqual([{ user_id: user.id, name: 'iPhone 15', token: sha256Hex(secret), abilities: ['*'] }]);
      expect(JSON.stringify(rows)).not.toContain(secret);
    });

    it('gives the token the abilities asked for, without duplicates', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user, { abilities: ['posts.read', 'posts.*', 'posts.read'] });
      const { rows } = await t.db.query('SELECT abilities FROM personal_access_tokens WHERE id = $1', [tokenId(token)]);
      expect(rows[0].abilities).toEqual(['posts.read', 'posts.*']);
    });

    it('authenticates /api/user with the token it returned', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const me = await api(t).get('/api/user').set(bearer(token));
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(user.email);
      const check = await api(t).get('/api/auth/check').set(bearer(token));
      expect(check.body).toMatchObject({ authenticated: true, via: 'token' });
    });

    it('answers 422 with Laravel messages when device_name is missing, before counting a login attempt', async () => {
      const user = await createUser(t.app);
      for (let i = 0; i < 7; i++) {
        const res = await api(t).post('/api/login').send({ email: user.email, password: 'wrong-password' });
        expect(res.status).toBe(422);
        expect(res.body).toEqual({
          message: 'The device name field is required.',
          errors: { device_name: ['The device name field is required.'] },
        });
      }
      // Seven invalid bodies later the throttle is untouched: the right password still works.
      expect(await apiLogin(t, user)).toMatch(TOKEN_REGEX('gth_'));
    });

    it.each([
      [{ abilities: 'posts.read' }, 'The abilities field must be an array.'],
      [{ abilities: ['posts.read', 7] }, 'The abilities.1 field must be a string.'],
      [{ abilities: ['posts.read', '  '] }, 'The abilities.1 field is required.'],
      [{ device_name: ['x'] }, null],
    ])('answers 422 for bad input %p', async (extra, abilitiesMessage) => {
      const user = await createUser(t.app);
      const res = await api(t)
        .post('/api/login')
        .send({ email: user.email, password: user.plainPassword, device_name: 'phone', ...extra });
      expect(res.status).toBe(422);
      if (abilitiesMessage) expect(res.body.errors).toEqual({ abilities: [abilitiesMessage] });
      else expect(res.body.errors).toEqual({ device_name: ['The device name field must be a string.'] });
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
      expect(rows[0].n).toBe(0);
    });

    it('answers 422 with the /login message for a wrong password or an unknown email, and records login.failed', async () => {
      const user = await createUser(t.app);
      for (const body of [
        { email: user.email, password: 'wrong-password', device_name: 'phone' },
        { email: `nobody-${user.email}`, password: 'wrong-password', device_name: 'phone' },
      ]) {
        const res = await api(t).post('/api/login').send(body);
        expect(res.status).toBe(422);
        expect(res.body).toEqual({ message: MISMATCH, errors: { email: [MISMATCH] } });
      }
      expect(await auditEvents(t, 'login.failed', user.id)).toHaveLength(1);
    });

    it('records token.created and login.succeeded via token, with no secret in the metadata', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const [created] = await auditEvents(t, 'token.created', user.id);
      expect(created.metadata).toMatchObject({ token_id: tokenId(token), name: 'test phone', abilities: ['*'], via: 'login' });
      const [login] = await auditEvents(t, 'login.succeeded', user.id);
      expect(login.metadata).toEqual({ via: 'token', token_id: tokenId(token) });
      expect(JSON.stringify([created, login])).not.toContain(token.split('|')[1]);
    });
  });

  describe('login throttle shared with /login (same key lower(email)|ip, same store)', () => {
    it('counts /login failures towards /api/login and answers 429 with Retry-After', async () => {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      for (let i = 0; i < 3; i++) {
        expect((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
      }
      for (let i = 0; i < 2; i++) {
        const res = await api(t).post('/api/login').send({ email: user.email.toUpperCase(), password: 'nope-nope', device_name: 'x' });
        expect(res.status).toBe(422);
      }
      // The 6th attempt is refused even with the right password.
      const res = await api(t).post('/api/login').send({ email: user.email, password: user.plainPassword, device_name: 'x' });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      const message = `Too many login attempts. Please try again in ${retryAfter} seconds.`;
      expect(res.body).toEqual({ message, errors: { email: [message] } });
      // …and /login is locked for the same key too.
      expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(429);
      const { rows } = await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE event = 'login.throttled' AND metadata->>'email' = $1", [
        user.email,
      ]);
      expect(rows[0].n).toBe(2);
    });

    it('lets exactly LOGIN_MAX_ATTEMPTS parallel failures through before answering 429', async () => {
      const user = await createUser(t.app);
      const attempts = Array.from({ length: 12 }, () =>
        api(t).post('/api/login').send({ email: user.email, password: 'wrong-password', device_name: 'x' }),
      );
      const statuses = (await Promise.all(attempts)).map((res) => res.status).sort();
      expect(statuses.filter((s) => s === 422)).toHaveLength(t.config.login.maxAttempts);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - t.config.login.maxAttempts);
    });

    it('clears the shared counter on a successful /api/login', async () => {
      const user = await createUser(t.app);
      for (let i = 0; i < 4; i++) {
        await api(t).post('/api/login').send({ email: user.email, password: 'wrong-password', device_name: 'x' });
      }
      await apiLogin(t, user); // the 5th hit: allowed, and it clears the key
      for (let i = 0; i < 4; i++) {
        const res = await api(t).post('/api/login').send({ email: user.email, password: 'wrong-password', device_name: 'x' });
        expect(res.status).toBe(422); // without the clear, the first of these would be the 6th hit: 429
      }
    });
  });

  describe('POST /api/register', () => {
    it('creates the user and returns 201 with a token for the device', async () => {
      const email = `mobile-${Date.now()}@example.com`;
      const res = await api(t)
        .post('/api/register')
        .send({ name: 'Mobile Mia', email: `  ${email.toUpperCase()} `, password: 'password123', password_confirmation: 'password123', device_name: 'Pixel' });
      expect(res.status).toBe(201);
      expect(res.body.token_type).toBe('Bearer');
      expect(res.body.token).toMatch(TOKEN_REGEX('gth_'));
      expect(res.body.user).toMatchObject({ name: 'Mobile Mia', email });
      const me = await api(t).get('/api/user').set(bearer(res.body.token));
      expect(me.body.id).toBe(res.body.user.id);
      const { rows } = await t.db.query('SELECT name FROM personal_access_tokens WHERE user_id = $1', [res.body.user.id]);
      expect(rows).toEqual([{ name: 'Pixel' }]);
      expect(await auditEvents(t, 'user.registered', res.body.user.id)).toHaveLength(1);
      expect((await auditEvents(t, 'token.created', res.body.user.id))[0].metadata.via).toBe('register');
    });

    it('answers 422 for a missing device_name or a taken email, creating nothing', async () => {
      const user = await createUser(t.app);
      const missing = await api(t)
        .post('/api/register')
        .send({ name: 'X', email: 'fresh-register@example.com', password: 'password123', password_confirmation: 'password123' });
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual({ device_name: ['The device name field is required.'] });
      const taken = await api(t)
        .post('/api/register')
        .send({ name: 'X', email: user.email, password: 'password123', password_confirmation: 'password123', device_name: 'd' });
      expect(taken.status).toBe(422);
      expect(taken.body.errors).toEqual({ email: ['The email has already been taken.'] });
      const { rows } = await t.db.query("SELECT count(*)::int AS n FROM users WHERE email = 'fresh-register@example.com'");
      expect(rows[0].n).toBe(0);
    });
  });

  describe('POST /api/logout', () => {
    it('revokes only the calling token and answers 204; the token then gets 401', async () => {
      const user = await createUser(t.app);
      const phone = await apiLogin(t, user);
      const tablet = await apiLogin(t, user, { device_name: 'tablet' });
      const res = await api(t).post('/api/logout').set(bearer(phone));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers['set-cookie']).toBeUndefined();
      const after = await api(t).get('/api/user').set(bearer(phone));
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ message: 'Unauthenticated.', reason: 'token_invalid' });
      expect((await api(t).get('/api/user').set(bearer(tablet))).status).toBe(200);
      const [revoked] = await auditEvents(t, 'token.revoked', user.id);
      expect(revoked.metadata).toEqual({ token_id: tokenId(phone), scope: 'current' });
      expect((await auditEvents(t, 'logout', user.id))[0].metadata).toEqual({ via: 'token', token_id: tokenId(phone) });
    });

    it('logs a stateful SPA session out (no 500 as Sanctum #234) and leaves the tokens alone', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      expect((await spa.http.get('/api/user')).status).toBe(200);
      const res = await spa.http.post('/api/logout');
      expect(res.status).toBe(204);
      expect((await spa.http.get('/api/user')).status).toBe(401);
      expect((await api(t).get('/api/user').set(bearer(token))).status).toBe(200);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [user.id]);
      expect(rows[0].n).toBe(0);
    });

    it('answers 401 to a guest', async () => {
      const res = await api(t).post('/api/logout').set('Accept', 'application/json');
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Unauthenticated.');
    });
  });
});
