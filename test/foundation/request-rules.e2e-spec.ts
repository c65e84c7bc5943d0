import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { bearer, giveRoles, seed, tokenFor } from '../rbac/support';

const tooLong = (field: string) => `The ${field} field must not be greater than 255 characters.`;
const over72 = 'The password field must not be greater than 72 bytes.';
const CREDENTIALS = 'These credentials do not match our records.';
// 256 characters, otherwise a valid address (a 64-character local part, 63-character labels).
const longEmail = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.com`;

describe('request rules shared by every route (Laravel order and limits)', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    t = await startApp();
    await seed(t);
    const admin = await createUser(t.app);
    await giveRoles(t, admin.id, ['admin']);
    adminToken = await tokenFor(t, admin.id);
  });
  afterAll(() => t.close());

  const guest = async () => {
    const client = spaClient(t.url);
    await client.http.get('/sanctum/csrf-cookie');
    return client;
  };

  describe('the summary of an empty body names the first field in Laravel\'s rule order', () => {
    it.each([
      ['POST', '/login', 'The email field is required. (and 1 more error)'],
      ['POST', '/register', 'The name field is required. (and 2 more errors)'],
      ['POST', '/forgot-password', 'The email field is required.'],
      ['POST', '/reset-password', 'The token field is required. (and 2 more errors)'],
    ])('%s %s (guest, web) → %p', async (method, path, message) => {
      const client = await guest();
      const res = await client.http.request({ method, url: path, data: {} });
      expect(res.status).toBe(422);
      expect(res.data.message).toBe(message);
    });

    it.each([
      ['PUT', '/user/password', 'The current password field is required. (and 1 more error)'],
      ['PUT', '/user/profile-information', 'The name field is required. (and 1 more error)'],
      ['POST', '/user/confirm-password', 'The password field is required.'],
      ['DELETE', '/user/other-browser-sessions', 'The password field is required.'],
      ['DELETE', '/user', 'The password field is required.'],
    ])('%s %s (session, web) → %p', async (method, path, message) => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.request({ method, url: path, data: {} });
      expect(res.status).toBe(422);
      expect(res.data.message).toBe(message);
    });

    it.each([
      ['POST', '/api/login', 'The email field is required. (and 2 more errors)'],
      ['POST', '/api/register', 'The name field is required. (and 3 more errors)'],
      ['POST', '/api/two-factor-challenge', 'The challenge token field is required.'],
      ['POST', '/api/tokens', 'The name field is required.'],
      ['PUT', '/api/tokens/1', 'The abilities field is required.'],
      ['PATCH', '/api/user/current-team', 'The team id field is required.'],
      ['POST', '/api/permissions', 'The name field is required.'],
      ['POST', '/api/roles', 'The name field is required.'],
      ['POST', '/api/teams', 'The name field is required.'],
      ['PUT', '/api/users/1/roles', 'The roles field is required.'],
      ['PUT', '/api/users/1/permissions', 'The permissions field is required.'],
    ])('%s %s (token, API) → %p', async (method, path, message) => {
      const res = await request(t.url)[method.toLowerCase() as 'post'](path).set(bearer(adminToken)).send({});
      expect(res.status).toBe(422);
      expect(res.body.message).toBe(message);
    });
  });

  describe('max:255 on every name and email', () => {
    it.each(['/login', '/forgot-password'])('POST %s refuses a 256-character email', async (path) => {
      const client = await guest();
      const res = await client.http.post(path, { email: longEmail, password: 'password123' });
      expect(res.status).toBe(422);
      expect(res.data.errors.email).toEqual([tooLong('email')]);
    });

    it('POST /api/login refuses a 95 kB email before it reaches the throttle or the audit trail', async () => {
      const res = await request(t.url).post('/api/login').send({ email: `${'a'.repeat(95_000)}@example.com`, password: 'x', device_name: 'd' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: tooLong('email'), errors: { email: [tooLong('email')] } });
      const { rows } = await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE length(metadata::text) > 1000");
      expect(rows[0].n).toBe(0);
    });

    it('POST /reset-password refuses a 256-character email', async () => {
      const client = await guest();
      const res = await client.http.post('/reset-password', { token: 't', email: longEmail, password: 'password123', password_confirmation: 'password123' });
      expect(res.status).toBe(422);
      expect(res.data.errors.email).toEqual([tooLong('email')]);
    });

    it('POST /api/register refuses a 256-character name and email', async () => {
      const res = await request(t.url)
        .post('/api/register')
        .send({ name: 'n'.repeat(256), email: longEmail, password: 'password123', password_confirmation: 'password123', device_name: 'd' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ name: [tooLong('name')], email: [tooLong('email')] });
    });
  });

  describe('passwords longer than bcrypt reads (72 bytes)', () => {
    const long = 'é'.repeat(37); // 37 characters, 74 bytes
    const newPassword = { password: long, password_confirmation: long };

    it('POST /register and POST /api/register refuse them', async () => {
      const client = await guest();
      const web = await client.http.post('/register', { name: 'N', email: 'web72@example.com', ...newPassword });
      expect(web.status).toBe(422);
      expect(web.data).toEqual({ message: over72, errors: { password: [over72] } });
      const api = await request(t.url).post('/api/register').send({ name: 'N', email: 'api72@example.com', device_name: 'd', ...newPassword });
      expect(api.status).toBe(422);
      expect(api.body.errors).toEqual({ password: [over72] });
    });

    it('accepts exactly 72 bytes', async () => {
      const exact = 'p'.repeat(72);
      const res = await request(t.url)
        .post('/api/register')
        .send({ name: 'N', email: 'exact72@example.com', device_name: 'd', password: exact, password_confirmation: exact });
      expect(res.status).toBe(201);
    });

    it('POST /reset-password and PUT /user/password refuse them', async () => {
      const client = await guest();
      const reset = await client.http.post('/reset-password', { token: 't', email: 'a@example.com', ...newPassword });
      expect(reset.status).toBe(422);
      expect(reset.data.errors).toEqual({ password: [over72] });
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const update = await spa.http.put('/user/password', { current_password: user.plainPassword, ...newPassword });
      expect(update.status).toBe(422);
      expect(update.data.errors).toEqual({ password: [over72] });
    });

    it('a login with a longer password is simply wrong, even when its first 72 bytes are the password', async () => {
      const password = 'q'.repeat(72);
      const user = await createUser(t.app, { password });
      const longer = `${password}-and-more`;
      const api = await request(t.url).post('/api/login').send({ email: user.email, password: longer, device_name: 'd' });
      expect(api.status).toBe(422);
      expect(api.body).toEqual({ message: CREDENTIALS, errors: { email: [CREDENTIALS] } });
      const client = await guest();
      const web = await client.http.post('/login', { email: user.email, password: longer });
      expect(web.status).toBe(422);
      expect(web.data.errors).toEqual({ email: [CREDENTIALS] });
      expect((await request(t.url).post('/api/login').send({ email: user.email, password, device_name: 'd' })).status).toBe(201);
    });

    it('confirming with a longer password fails as a wrong one', async () => {
      const password = 'r'.repeat(72);
      const user = await createUser(t.app, { password });
      const spa = await spaLogin(t.url, user.email, password);
      const res = await spa.http.post('/user/confirm-password', { password: `${password}x` });
      expect(res.status).toBe(422);
      expect(res.data.errors).toEqual({ password: ['The provided password was incorrect.'] });
    });
  });
});
