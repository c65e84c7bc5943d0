import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';
import { bearer, giveRoles, seed, tokenFor } from '../rbac/support';

const invalidString = (field: string) => `The ${field.replace(/_/g, ' ')} field must be a valid string.`;
const fieldErrorBody = (field: string) => ({ message: invalidString(field), errors: { [field]: [invalidString(field)] } });
const TOO_DEEP = { message: 'The request body is nested too deeply.' };

/** `[[[…]]]` nested `depth` levels, as raw JSON text (JSON.stringify would recurse as deep). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('hostile input never reaches the handlers (422/400, never 500)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp();
    await seed(t);
    const admin = await createUser(t.app);
    await giveRoles(t, admin.id, ['admin']);
    token = await tokenFor(t, admin.id);
  });
  afterAll(() => t.close());

  const api = (path: string, body: unknown) => request(t.url).post(path).set('Accept', 'application/json').send(body as object);
  const LOGIN = { email: 'someone@example.com', password: 'password123', device_name: 'phone' };
  const REGISTER = { name: 'Ada', email: 'ada@example.com', password: 'password123', password_confirmation: 'password123', device_name: 'phone' };

  describe('a NUL byte in a string field', () => {
    it.each([
      ['/api/login', { ...LOGIN, email: 'some\u0000one@example.com' }, 'email'],
      ['/api/login', { ...LOGIN, device_name: 'pho\u0000ne' }, 'device_name'],
      ['/api/register', { ...REGISTER, name: 'A\u0000da' }, 'name'],
      ['/api/register', { ...REGISTER, email: 'ada\u0000@example.com' }, 'email'],
    ])('POST %s refuses %j with a field error on %s', async (path, body, field) => {
      const res = await api(path, body);
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody(field));
    });

    it('refuses it in a password too (it would otherwise be hashed or compared)', async () => {
      const res = await api('/api/login', { ...LOGIN, password: 'pass\u0000word' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ password: [invalidString('password')] });
    });

    it('refuses it inside an array (abilities of a new token), naming the element', async () => {
      const res = await api('/api/tokens', { name: 'ci', abilities: ['posts.read', 'a\u0000b'] }).set(bearer(token));
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody('abilities.1'));
      expect((await t.db.query("SELECT count(*)::int AS n FROM personal_access_tokens WHERE name = 'ci'")).rows[0].n).toBe(0);
    });

    it('refuses it in a form post on a web route', async () => {
      const client = spaClient(t.url);
      await client.http.get('/sanctum/csrf-cookie');
      const res = await client.http.post('/login', 'email=a%00b%40example.com&password=password123', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(422);
      expect(res.data).toEqual(fieldErrorBody('email'));
    });

    it('refuses it in a query string (GET /api/audit-events?event=%00)', async () => {
      const res = await request(t.url).get('/api/audit-events?event=%00').set(bearer(token));
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody('event'));
      const fine = await request(t.url).get('/api/audit-events?event=login.failed').set(bearer(token));
      expect(fine.status).toBe(200);
    });
  });

  describe('a lone UTF-16 surrogate', () => {
    it('in an email: 422, not a URIError from the email rule', async () => {
      const res = await api('/api/register', { ...REGISTER, email: '\ud800@example.com' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody('email'));
      const login = await api('/api/login', { ...LOGIN, email: 'x\udc00y@example.com' });
      expect(login.status).toBe(422);
      expect(login.body).toEqual(fieldErrorBody('email'));
    });

    it('in abilities: 422, not a jsonb error', async () => {
      const res = await api('/api/tokens', { name: 'ci', abilities: ['\ud800'] }).set(bearer(token));
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody('abilities.0'));
    });

    it('a NUL in a numeric query parameter is refused the same way', async () => {
      const res = await request(t.url).get('/api/audit-events?event=ok&user_id=%00').set(bearer(token));
      expect(res.status).toBe(422);
      expect(res.body).toEqual(fieldErrorBody('user_id'));
    });

    it('keeps a well-formed surrogate pair (an emoji) as a valid string', async () => {
      const res = await api('/api/register', { ...REGISTER, name: 'Ada 🚀', email: 'emoji@example.com' });
      expect(res.status).toBe(201);
      expect(res.body.user.name).toBe('Ada 🚀');
    });
  });

  describe('a deeply nested body', () => {
    it.each(['/api/login', '/api/register', '/api/tokens'])('POST %s answers 400 for 3,000 levels of nesting', async (path) => {
      const res = await request(t.url)
        .post(path)
        .set(bearer(token))
        .set('Content-Type', 'application/json')
        .send(`{"email":${nested(3000)},"name":"x"}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(TOO_DEEP);
    });

    it('accepts ordinary nesting (a field that is an array) with the usual 422', async () => {
      const res = await request(t.url).post('/api/login').set('Content-Type', 'application/json').send(`{"email":${nested(3)}}`);
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(['The email field must be a string.']);
    });
  });
});
