import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { VerifiedProbeModule } from './verified-probe.module';

const UNVERIFIED = { message: 'Your email address is not verified.' };

async function bearerFor(t: TestApp, userId: number): Promise<string> {
  return (await t.app.get(TokensService).create(userId, 'test')).plainTextToken;
}

describe('MUST_VERIFY_EMAIL=true', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { MUST_VERIFY_EMAIL: 'true' }, extraModules: [VerifiedProbeModule] })));
  afterAll(() => t.close());

  describe('a route marked @Verified()', () => {
    it('answers 403 to an unverified user, by token or by session', async () => {
      const user = await createUser(t.app, { verified: false });
      const byToken = await request(t.url).get('/api/__verified-probe').set('Authorization', `Bearer ${await bearerFor(t, user.id)}`);
      expect(byToken.status).toBe(403);
      expect(byToken.body).toEqual(UNVERIFIED);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const bySession = await spa.http.get('/api/__verified-probe');
      expect(bySession.status).toBe(403);
      expect(bySession.data).toEqual(UNVERIFIED);
    });

    it('lets a verified user through', async () => {
      const user = await createUser(t.app, { verified: true });
      const res = await request(t.url).get('/api/__verified-probe').set('Authorization', `Bearer ${await bearerFor(t, user.id)}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    });

    it('still answers 401 (not 403) without credentials', async () => {
      expect((await request(t.url).get('/api/__verified-probe')).status).toBe(401);
    });

    it('answers 403 to a guest on an optional-auth route, as Laravel', async () => {
      const res = await request(t.url).get('/api/__verified-probe/optional');
      expect(res.status).toBe(403);
      expect(res.body).toEqual(UNVERIFIED);
    });

    it('leaves unmarked routes alone', async () => {
      const user = await createUser(t.app, { verified: false });
      const res = await request(t.url).get('/api/__verified-probe/unmarked').set('Authorization', `Bearer ${await bearerFor(t, user.id)}`);
      expect(res.status).toBe(200);
    });
  });

  describe('the routes docs/http-contract.md §10.9 names', () => {
    it('refuses POST /api/tokens and PUT /api/tokens/:id to an unverified user', async () => {
      const user = await createUser(t.app, { verified: false });
      const token = await bearerFor(t, user.id);
      const created = await request(t.url).post('/api/tokens').set('Authorization', `Bearer ${token}`).send({ name: 'x' });
      expect(created.status).toBe(403);
      expect(created.body).toEqual(UNVERIFIED);
      const tokenId = token.split('|')[0];
      const updated = await request(t.url).put(`/api/tokens/${tokenId}`).set('Authorization', `Bearer ${token}`).send({ abilities: ['read'] });
      expect(updated.status).toBe(403);
      expect(updated.body).toEqual(UNVERIFIED);
    });

    it('lets a verified user create a token', async () => {
      const user = await createUser(t.app, { verified: true });
      const res = await request(t.url).post('/api/tokens').set('Authorization', `Bearer ${await bearerFor(t, user.id)}`).send({ name: 'x' });
      expect(res.status).toBe(201);
    });

    it('refuses the admin routes to an unverified user', async () => {
      const user = await createUser(t.app, { verified: false });
      const res = await request(t.url).get('/api/permissions').set('Authorization', `Bearer ${await bearerFor(t, user.id)}`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(UNVERIFIED);
    });

    it('still lets unverified users log in (/login, /api/login) and register (/api/register)', async () => {
      const user = await createUser(t.app, { verified: false });
      await expect(spaLogin(t.url, user.email, user.plainPassword)).resolves.toBeDefined();
      const api = await request(t.url).post('/api/login').send({ email: user.email, password: user.plainPassword, device_name: 'phone' });
      expect(api.status).toBe(201);
      const registered = await request(t.url)
        .post('/api/register')
        .send({ name: 'N', email: `fresh_${process.pid}@example.com`, password: 'password123', password_confirmation: 'password123', device_name: 'phone' });
      expect(registered.status).toBe(201);
      expect(registered.body.user.email_verified_at).toBeNull();
    });

    it('lets an unverified user ask for a new verification link', async () => {
      const user = await createUser(t.app, { verified: false });
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      expect((await spa.http.post('/email/verification-notification')).status).toBe(202);
    });
  });
});

describe('MUST_VERIFY_EMAIL unset (false)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ extraModules: [VerifiedProbeModule] })));
  afterAll(() => t.close());

  it('lets unverified users through @Verified() routes and create tokens', async () => {
    const user = await createUser(t.app, { verified: false });
    const token = await bearerFor(t, user.id);
    expect((await request(t.url).get('/api/__verified-probe').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await request(t.url).post('/api/tokens').set('Authorization', `Bearer ${token}`).send({ name: 'x' })).status).toBe(201);
    expect((await spaClient(t.url).http.get('/api/__verified-probe/optional')).status).toBe(200);
  });
});
