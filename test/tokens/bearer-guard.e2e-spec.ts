import { CachedSession, CachedUser, CredentialCache } from '../../src/cache/credential-cache';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { Clock } from '../../src/common/clock';
import { crc32bHex, sha256Hex } from '../../src/common/crypto';
import { TokensService } from '../../src/tokens/tokens.service';
import { TOKEN_REGEX } from '../../src/tokens/access-token';
import type { TokenRecord } from '../../src/tokens/token.record';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { api, apiLogin, bearer, changedBehindTheAppsBack, tokenId } from './helpers';

const UNAUTHENTICATED = 'Unauthenticated.';

describe('Bearer half of the sanctum guard (docs/http-contract.md §2.5–2.6, like Sanctum’s Guard)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const me = (token: string) => api(t).get('/api/user').set(bearer(token));

  async function expect401(token: string, reason: string) {
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: UNAUTHENTICATED, reason });
  }

  describe('token string', () => {
    it('is <id>|gth_<40 alphanumerics><crc32b of prefix+random>', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      expect(token).toMatch(TOKEN_REGEX('gth_'));
      const secret = token.split('|')[1];
      expect(secret.slice(-8)).toBe(crc32bHex(secret.slice(0, -8)));
      expect(tokenId(token)).toBeGreaterThan(0);
    });
  });

  describe('lookup', () => {
    it('accepts <id>|<secret> and, like Sanctum, the bare secret (looked up by its hash)', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      expect((await me(token)).body.id).toBe(user.id);
      const bare = token.split('|')[1];
      const res = await me(bare);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(user.id);
    });

    it('reads the header as Laravel’s bearerToken(): any case, last Bearer, cut at a comma', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      for (const header of [`bearer ${token}`, `BEARER ${token}`, `Basic dXNlcjpwYXNz, Bearer ${token}`, `Bearer ${token}, extra`]) {
        const res = await api(t).get('/api/user').set('Authorization', header);
        expect(res.status).toBe(200);
      }
    });

    it('refuses a tampered secret, a wrong id, a non-numeric id and garbage with token_invalid', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const other = await apiLogin(t, await createUser(t.app));
      const [id, secret] = token.split('|');
      const flipped = secret.slice(0, 10) + (secret[10] === 'a' ? 'b' : 'a') + secret.slice(11);
      await expect401(`${id}|${flipped}`, 'token_invalid');
      await expect401(`${tokenId(other)}|${secret}`, 'token_invalid');
      await expect401(`${id}0|${secret}`, 'token_invalid');
      await expect401(`abc|${secret}`, 'token_invalid');
      await expect401(`${id}|`, 'token_invalid');
      await expect401(`99999999999999999999|${secret}`, 'token_invalid');
      await expect401(flipped, 'token_invalid');
      // The genuine token still works: failures have no side effects.
      expect((await me(token)).status).toBe(200);
    });

    it('refuses the token of a deleted user', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      await changedBehindTheAppsBack(t, 'user', user.id, () => t.db.query('DELETE FROM users WHERE id = $1', [user.id]));
      await expect401(token, 'token_invalid');
    });

    it('answers 401 with reason no_credentials without any credential', async () => {
      const res = await api(t).get('/api/user').set('Accept', 'application/json');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: UNAUTHENTICATED, reason: 'no_credentials' });
    });
  });

  describe('expiry', () => {
    it('refuses a token whose expires_at has passed (token_expired) and accepts one still in the future', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const setExpiry = (interval: string) =>
        changedBehindTheAppsBack(t, 'token', tokenId(token), () =>
          t.db.query(`UPDATE personal_access_tokens SET expires_at = now() + interval '${interval}' WHERE id = $1`, [tokenId(token)]),
        );
      await setExpiry('1 minute');
      expect((await me(token)).status).toBe(200);
      await setExpiry('-1 second');
      await expect401(token, 'token_expired');
      await expect401(token.split('|')[1], 'token_expired');
    });

    it('refuses a cached token once its expires_at passes, with no change in the database to tell it', async () => {
      const user = await createUser(t.app);
      const expiresAt = new Date(Date.now() + 60 * 60_000);
      const { plainTextToken: token } = await t.app.get(TokensService).create(user.id, 'phone', ['*'], expiresAt);
      expect((await me(token)).status).toBe(200);
      expect((await me(token)).status).toBe(200);
      // Typed as its writer, TokenAuthenticator, injects it.
      const cache = t.app.get(CredentialCache) as CredentialCache<CachedUser, CachedSession, TokenRecord>;
      if (t.app.get(InvalidationBus).reliable) expect(cache.token(sha256Hex(token.split('|')[1]))?.expiresAt).toEqual(expiresAt);
      // The app's clock moves past the expiry; nothing is written, so no invalidation can help.
      const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(expiresAt.getTime());
      try {
        await expect401(token, 'token_expired');
        clock.mockReturnValue(expiresAt.getTime() - 1);
        expect((await me(token)).status).toBe(200);
      } finally {
        clock.mockRestore();
      }
    });

    it('ignores the age of a token when SANCTUM_EXPIRATION is not set', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      await t.db.query("UPDATE personal_access_tokens SET created_at = now() - interval '10 years' WHERE id = $1", [tokenId(token)]);
      expect((await me(token)).status).toBe(200);
    });
  });

  describe('precedence and CSRF', () => {
    it('lets a session user win over a bearer token of someone else (stateful request)', async () => {
      const sessionUser = await createUser(t.app);
      const tokenUser = await createUser(t.app);
      const token = await apiLogin(t, tokenUser);
      const spa = await spaLogin(t.url, sessionUser.email, sessionUser.plainPassword);
      const res = await spa.http.get('/api/auth/check', { headers: { Authorization: `Bearer ${token}` } });
      expect(res.data).toMatchObject({ authenticated: true, via: 'session', user: { id: sessionUser.id } });
    });

    it('never asks a bearer client without a session cookie for CSRF, even from the stateful Origin http://localhost', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      // The origin really is stateful: the same POST with a session cookie and no token is CSRF-checked.
      const cookie = `gatehouse_session=${'a'.repeat(40)}`;
      const guest = await api(t).post('/api/tokens').set({ Origin: 'http://localhost', Cookie: cookie }).send({ name: 'x' });
      expect(guest.status).toBe(419);
      expect(guest.body.reason).toBe('xsrf_header_missing');

      const created = await api(t).post('/api/tokens').set({ ...bearer(token), Origin: 'http://localhost' }).send({ name: 'webview' });
      expect(created.status).toBe(201);
      const listed = await api(t).get('/api/tokens').set({ ...bearer(token), Origin: 'http://localhost' });
      expect(listed.status).toBe(200);
      const deleted = await api(t).delete(`/api/tokens/${created.body.access_token.id}`).set({ ...bearer(token), Origin: 'http://localhost' });
      expect(deleted.status).toBe(204);
      const logout = await api(t).post('/api/logout').set({ ...bearer(token), Origin: 'http://localhost', Referer: 'http://localhost/' });
      expect(logout.status).toBe(204);
      expect((await me(token)).status).toBe(401);
    });

    it('lets a hybrid app (Origin http://localhost, no cookie) log in and register on the API without a 419', async () => {
      const user = await createUser(t.app);
      const login = await api(t)
        .post('/api/login')
        .set({ Origin: 'http://localhost' })
        .send({ email: user.email, password: user.plainPassword, device_name: 'webview' });
      expect(login.status).toBe(201);
      const register = await api(t)
        .post('/api/register')
        .set({ Origin: 'http://localhost' })
        .send({ name: 'Hybrid', email: `hybrid_${Date.now()}@example.com`, password: 'password123', password_confirmation: 'password123', device_name: 'webview' });
      expect(register.status).toBe(201);
      // The web route that sets a session cookie stays CSRF-protected (no login CSRF).
      const web = await api(t).post('/login').set({ Origin: 'http://localhost' }).send({ email: user.email, password: user.plainPassword });
      expect(web.status).toBe(419);
    });

    it('revokes the token on the web route POST /logout for a bearer client without a session cookie (docs/http-contract.md §10.2)', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const res = await api(t).post('/logout').set({ ...bearer(token), Origin: 'http://localhost' });
      expect(res.status).toBe(204);
      await expect401(token, 'token_invalid');
    });
  });
});

/**
 * Instances with other settings. Each test boots its own app on its own database and closes it
 * before the next starts: passport keeps one global strategy registry per process, so two live
 * instances in one jest process would share the last one's strategies (and configuration).
 */
describe('Bearer guard settings per instance', () => {
  async function withApp(env: Record<string, string>, run: (app: TestApp) => Promise<void>) {
    const app = await startApp({ env });
    try {
      await run(app);
    } finally {
      await app.close();
    }
  }

  it.each([
    ['acme_', TOKEN_REGEX('acme_')],
    ['', /^\d+\|[A-Za-z0-9]{40}[0-9a-f]{8}$/],
  ])('follows SANCTUM_TOKEN_PREFIX=%p (empty: Sanctum’s own format)', async (prefix, pattern) => {
    await withApp({ SANCTUM_TOKEN_PREFIX: prefix }, async (app) => {
      const token = await apiLogin(app, await createUser(app.app));
      expect(token).toMatch(pattern);
      const secret = token.split('|')[1];
      expect(secret.slice(-8)).toBe(crc32bHex(secret.slice(0, -8)));
      expect((await api(app).get('/api/user').set(bearer(token))).status).toBe(200);
    });
  });

  it('refuses tokens older than SANCTUM_EXPIRATION minutes with token_expired', async () => {
    await withApp({ SANCTUM_EXPIRATION: '60' }, async (app) => {
      const user = await createUser(app.app);
      const old = await apiLogin(app, user);
      const young = await apiLogin(app, user);
      await app.db.query("UPDATE personal_access_tokens SET created_at = now() - interval '61 minutes' WHERE id = $1", [tokenId(old)]);
      await app.db.query("UPDATE personal_access_tokens SET created_at = now() - interval '59 minutes' WHERE id = $1", [tokenId(young)]);
      const res = await api(app).get('/api/user').set(bearer(old));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: UNAUTHENTICATED, reason: 'token_expired' });
      expect((await api(app).get('/api/user').set(bearer(young))).status).toBe(200);
    });
  });

  it('gives no reason in production: the body is exactly {"message":"Unauthenticated."}', async () => {
    await withApp({ NODE_ENV: 'production', MAIL_URL: 'smtp://127.0.0.1:1' }, async (app) => {
      const token = await apiLogin(app, await createUser(app.app));
      await app.db.query("UPDATE personal_access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [tokenId(token)]);
      for (const value of [token, 'abc|def', '1|nope']) {
        const res = await api(app).get('/api/user').set(bearer(value));
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ message: UNAUTHENTICATED });
      }
    });
  });
});
