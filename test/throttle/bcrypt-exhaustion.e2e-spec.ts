import request from 'supertest';
import { PasswordHasher } from '../../src/users/password-hasher';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';

jest.setTimeout(30_000);

const INVALID = { message: 'This password reset token is invalid.', errors: { email: ['This password reset token is invalid.'] } };
const TOO_MANY = { message: 'Too Many Attempts.' };

describe('bcrypt cannot be driven by anonymous requests', () => {
  let t: TestApp;
  let ipCounter = 0;
  beforeAll(async () => (t = await startApp({ env: { TRUST_PROXY: '1', REGISTER_MAX_ATTEMPTS: '3', REGISTER_DECAY_SECONDS: '600' } })));
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  async function guest(ip = `10.20.0.${++ipCounter}`) {
    const client = spaClient(t.url);
    client.http.defaults.headers.common['X-Forwarded-For'] = ip;
    await client.http.get('/sanctum/csrf-cookie');
    return client;
  }

  describe('POST /reset-password', () => {
    it('answers a bogus token with the usual 422 without hashing the new password', async () => {
      const user = await createUser(t.app);
      const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
      const client = await guest();
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          client.http.post('/reset-password', { token: `bogus-${i}`, email: user.email, password: 'new-password-1', password_confirmation: 'new-password-1' }),
        ),
      );
      for (const res of results) {
        expect(res.status).toBe(422);
        expect(res.data).toEqual(INVALID);
      }
      expect(hash).not.toHaveBeenCalled();
    });
  });

  describe('registration per IP', () => {
    const body = (n: string) => ({ name: `R ${n}`, email: `reg-${n}-${process.pid}@example.com`, password: 'password123', password_confirmation: 'password123' });

    it('POST /register answers 429 with Retry-After beyond REGISTER_MAX_ATTEMPTS, without hashing', async () => {
      const client = await guest();
      for (let i = 0; i < 3; i += 1) {
        expect((await client.http.post('/register', body(`web-${i}`))).status).toBe(201);
        await client.http.post('/logout');
        await client.http.get('/sanctum/csrf-cookie');
      }
      const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
      const refused = await client.http.post('/register', body('web-3'));
      expect(refused.status).toBe(429);
      expect(refused.data).toEqual(TOO_MANY);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(hash).not.toHaveBeenCalled();
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body('web-3').email]);
      expect(rows[0].n).toBe(0);
      // Another address still registers.
      expect((await (await guest()).http.post('/register', body('web-other'))).status).toBe(201);
    });

    it('POST /api/register shares the limit and answers 429 with Retry-After', async () => {
      const ip = `10.20.1.${++ipCounter}`;
      const api = (n: string) =>
        request(t.url).post('/api/register').set('Accept', 'application/json').set('X-Forwarded-For', ip).send({ ...body(n), device_name: 'Pixel 9' });
      const web = await guest(ip);
      expect((await web.http.post('/register', body('mixed-0'))).status).toBe(201);
      expect((await api('api-1')).status).toBe(201);
      expect((await api('api-2')).status).toBe(201);
      const refused = await api('api-3');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual(TOO_MANY);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('lets exactly REGISTER_MAX_ATTEMPTS of 8 parallel registrations from one address through', async () => {
      const ip = `10.20.2.${++ipCounter}`;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          request(t.url).post('/api/register').set('Accept', 'application/json').set('X-Forwarded-For', ip).send({ ...body(`par-${i}`), device_name: 'd' }),
        ),
      );
      expect(results.filter((res) => res.status === 201)).toHaveLength(3);
      expect(results.filter((res) => res.status === 429)).toHaveLength(5);
    });
  });
});
