import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { SESSION_COOKIE, sessionOf } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const bearer = (url: string, path: string, token: string) =>
  request(url).get(path).set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');

describe('the sanctum guard (GET /api/user, GET /api/auth/check)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('GET /api/user answers 401 with reason no_credentials to a guest', async () => {
    const res = await spaClient(t.url).http.get('/api/user');
    expect(res.status).toBe(401);
    expect(res.data).toEqual({ message: 'Unauthenticated.', reason: 'no_credentials' });
  });

  it('GET /api/user answers the user JSON to a session and to a bearer token', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const bySession = await spa.http.get('/api/user');
    expect(bySession.status).toBe(200);
    expect(bySession.data).toMatchObject({ id: user.id, email: user.email });
    expect(bySession.data).not.toHaveProperty('password');
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'x');
    const byToken = await bearer(t.url, '/api/user', plainTextToken);
    expect(byToken.status).toBe(200);
    expect(byToken.body).toEqual(bySession.data);
    expect(byToken.headers['set-cookie']).toBeUndefined();
  });

  it('prefers the session user over a bearer token of someone else', async () => {
    const alice = await createUser(t.app);
    const bob = await createUser(t.app);
    const spa = await spaLogin(t.url, alice.email, alice.plainPassword);
    const { plainTextToken } = await t.app.get(TokensService).create(bob.id, 'x');
    const res = await spa.http.get('/api/auth/check', { headers: { Authorization: `Bearer ${plainTextToken}` } });
    expect(res.data).toMatchObject({ authenticated: true, via: 'session', user: { id: alice.id } });
  });

  it('GET /api/auth/check never answers 401', async () => {
    expect((await spaClient(t.url).http.get('/api/auth/check')).data).toEqual({ authenticated: false });
    const invalid = await bearer(t.url, '/api/auth/check', '1|not-a-real-token');
    expect(invalid.status).toBe(200);
    expect(invalid.body).toEqual({ authenticated: false });
  });

  it('GET /api/auth/check tells how the caller authenticated', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const bySession = await spa.http.get('/api/auth/check');
    expect(bySession.status).toBe(200);
    expect(bySession.data).toMatchObject({ authenticated: true, via: 'session', user: { id: user.id, email: user.email } });
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'x');
    const byToken = await bearer(t.url, '/api/auth/check', plainTextToken);
    expect(byToken.body).toMatchObject({ authenticated: true, via: 'token', user: { id: user.id } });
  });

  it('gives token_invalid and token_expired reasons', async () => {
    const user = await createUser(t.app);
    expect((await bearer(t.url, '/api/user', '999999|nope')).body).toEqual({ message: 'Unauthenticated.', reason: 'token_invalid' });
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'x', ['*'], new Date(Date.now() - 1000));
    expect((await bearer(t.url, '/api/user', plainTextToken)).body).toEqual({ message: 'Unauthenticated.', reason: 'token_expired' });
  });
});

describe('diagnostics in production', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { NODE_ENV: 'production', MAIL_URL: 'smtp://127.0.0.1:1' } })));
  afterAll(() => t.close());

  it('leaves reason out of 401 bodies', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const guest = await spaClient(t.url).http.get('/api/user');
    expect(guest.status).toBe(401);
    expect(guest.data).toEqual({ message: 'Unauthenticated.' });
    const foreign = await request(t.url).get('/api/user').set('Cookie', `${SESSION_COOKIE}=${sessionOf(spa)}`).set('Origin', 'http://evil.test');
    expect(foreign.status).toBe(401);
    expect(foreign.body).toEqual({ message: 'Unauthenticated.' });
    expect((await bearer(t.url, '/api/user', '1|nope')).body).toEqual({ message: 'Unauthenticated.' });
  });

  it('leaves reason out of 419 bodies', async () => {
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const missing = await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': '' } });
    expect(missing.status).toBe(419);
    expect(missing.data).toEqual({ message: 'CSRF token mismatch.' });
    const wrong = await spa.http.post('/logout', null, { headers: { 'X-XSRF-TOKEN': 'wrong' } });
    expect(wrong.status).toBe(419);
    expect(wrong.data).toEqual({ message: 'CSRF token mismatch.' });
  });
});
