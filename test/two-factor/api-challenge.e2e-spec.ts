import { sha256Hex } from '../../src/common/crypto';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import {
  apiChallenge,
  apiLogin,
  bearer,
  oathtool,
  seedTwoFactorUser,
  settledNow,
  startApiChallenge,
  STEP_MS,
  wrongCode,
} from './support';

const CODE_INVALID = { code: ['The provided two factor authentication code was invalid.'] };
const RECOVERY_INVALID = { recovery_code: ['The provided two factor recovery code was invalid.'] };
const CHALLENGE_INVALID = { challenge_token: ['The two factor challenge is invalid or has expired.'] };

// settledNow() may wait up to ~8 s for a fresh TOTP step; the default 5 s applies when jest runs every project.
jest.setTimeout(30_000);

describe('two-factor login challenge: token clients', () => {
  let t: TestApp;
  // Several logins of one user run in parallel below; the login throttle is not what is under test.
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000' } })));
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]) => (await t.db.query(sql, params)).rows[0].n as number;
  const tokensOf = (userId: number) => count('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [userId]);
  const eventsOf = async (userId: number, event: string) =>
    (await t.db.query('SELECT metadata FROM audit_events WHERE user_id = $1 AND event = $2 ORDER BY id', [userId, event])).rows;

  describe('mobile: POST /api/login then POST /api/two-factor-challenge', () => {
    it('answers a challenge token instead of a token, then mints the token for the device asked for', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const login = await apiLogin(t, user.email, user.plainPassword, { device_name: 'iPhone 17', abilities: ['posts.read'] });
      expect(login.status).toBe(200);
      expect(login.body).toEqual({ two_factor: true, challenge_token: expect.any(String), expires_in: 300 });
      expect(await tokensOf(user.id)).toBe(0);
      const stored = await t.db.query('SELECT id, kind, device_name, abilities FROM pending_logins WHERE user_id = $1', [user.id]);
      expect(stored.rows).toEqual([
        { id: sha256Hex(login.body.challenge_token), kind: 'token', device_name: 'iPhone 17', abilities: ['posts.read'] },
      ]);

      const res = await apiChallenge(t, { challenge_token: login.body.challenge_token, code: oathtool(secret) });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ token: expect.any(String), token_type: 'Bearer', user: expect.objectContaining({ id: user.id }) });
      expect(res.body.user.two_factor_enabled).toBe(true);
      expect((await bearer(t, res.body.token).get('/api/user')).status).toBe(200);
      const token = await t.db.query('SELECT name, abilities FROM personal_access_tokens WHERE user_id = $1', [user.id]);
      expect(token.rows).toEqual([{ name: 'iPhone 17', abilities: ['posts.read'] }]);
    });

    it('uses a challenge once', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const now = await settledNow();
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      expect((await apiChallenge(t, { challenge_token: challenge, code: oathtool(secret, now) })).status).toBe(201);
      const again = await apiChallenge(t, { challenge_token: challenge, code: oathtool(secret, now + STEP_MS) });
      expect(again.status).toBe(422);
      expect(again.body).toEqual({ message: CHALLENGE_INVALID.challenge_token[0], errors: CHALLENGE_INVALID });
      expect(await tokensOf(user.id)).toBe(1);
    });

    it('refuses unknown or missing challenge tokens', async () => {
      const unknown = await apiChallenge(t, { challenge_token: 'x'.repeat(64), code: '123456' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual(CHALLENGE_INVALID);
      const missing = await apiChallenge(t, { code: '123456' });
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual({ challenge_token: ['The challenge token field is required.'] });
    });

    it('keeps the challenge after a wrong code, ends it at the 5th, then answers errors.challenge_token', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      const first = await apiChallenge(t, { challenge_token: challenge, code: wrongCode(secret) });
      expect(first.status).toBe(422);
      expect(first.body.errors).toEqual(CODE_INVALID);
      for (let i = 0; i < 4; i++) {
        const res = await apiChallenge(t, { challenge_token: challenge, recovery_code: 'nope-nope' });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual(RECOVERY_INVALID);
      }
      const late = await apiChallenge(t, { challenge_token: challenge, code: oathtool(secret) });
      expect(late.status).toBe(422);
      expect(late.body.errors).toEqual(CHALLENGE_INVALID);
      expect(await tokensOf(user.id)).toBe(0);
      expect(await eventsOf(user.id, 'two_factor.failed')).toHaveLength(5);
    });

    it('counts parallel wrong tries atomically: never more than 5', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      const wrong = wrongCode(secret);
      const results = await Promise.all(Array.from({ length: 12 }, () => apiChallenge(t, { challenge_token: challenge, code: wrong })));
      const byField = results.map((r) => Object.keys(r.body.errors)[0]);
      expect(byField.filter((f) => f === 'code')).toHaveLength(5);
      expect(byField.filter((f) => f === 'challenge_token')).toHaveLength(7);
    });

    it('expires after 5 minutes', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      await t.db.query(`UPDATE pending_logins SET expires_at = now() - interval '1 second' WHERE id = $1`, [sha256Hex(challenge)]);
      const res = await apiChallenge(t, { challenge_token: challenge, code: oathtool(secret) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual(CHALLENGE_INVALID);
    });

    it('accepts a recovery code once, also when used in parallel', async () => {
      const { user, recoveryCodes } = await seedTwoFactorUser(t);
      const challenges = await Promise.all(Array.from({ length: 4 }, () => startApiChallenge(t, user.email, user.plainPassword)));
      const results = await Promise.all(
        challenges.map((challenge_token) => apiChallenge(t, { challenge_token, recovery_code: recoveryCodes[5] })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
      expect(await tokensOf(user.id)).toBe(1);
      const api = bearer(t, results.find((r) => r.status === 201)!.body.token);
      await api.post('/user/confirm-password', { password: user.plainPassword });
      expect((await api.get('/user/two-factor-recovery-codes')).body).toHaveLength(7);
    });

    it('cannot finish a browser’s pending login, nor a browser a challenge token’s', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const code = oathtool(secret, (await settledNow()) - STEP_MS);
      expect((await spa.http.post('/two-factor-challenge', { challenge_token: challenge, code })).status).toBe(422);
      expect((await apiChallenge(t, { challenge_token: challenge, code })).status).toBe(201);
    });
  });

  describe('asking for a code only once 2FA is confirmed', () => {
    it('logs both client kinds straight in while 2FA is merely enabled', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      await spa.http.post('/user/two-factor-authentication');
      const mobile = await apiLogin(t, user.email, user.plainPassword);
      expect(mobile.status).toBe(201);
      expect(mobile.body.token).toEqual(expect.any(String));
      const browser = spaClient(t.url);
      await browser.http.get('/sanctum/csrf-cookie');
      expect((await browser.http.post('/login', { email: user.email, password: user.plainPassword })).data).toEqual({ two_factor: false });
    });
  });
});
