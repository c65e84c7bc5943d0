import { totpCode } from '../../src/two-factor/totp';
import { startApp, TestApp } from '../support/app';
import { apiChallenge, bearer, oathtool, seedTwoFactorUser, settledNow, startApiChallenge, startSpaChallenge, STEP_MS } from './support';

// settledNow() may wait up to ~8 s for a fresh TOTP step; the default 5 s applies when jest runs every project.
jest.setTimeout(30_000);

/** TOTP as the server checks it, with codes from the independent OATH Toolkit (oathtool). */
describe('TOTP codes at the login challenge', () => {
  let t: TestApp;
  // Several logins of one user run in parallel below; the login throttle is not what is under test.
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000' } })));
  afterAll(() => t.close());

  const lastStep = async (userId: number) =>
    (await t.db.query('SELECT two_factor_last_step FROM users WHERE id = $1', [userId])).rows[0].two_factor_last_step;

  it('accepts the code oathtool computes, and otplib computes the same one', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const now = await settledNow();
    const code = oathtool(secret, now);
    expect(await totpCode(secret, now)).toBe(code);
    const challenge = await startApiChallenge(t, user.email, user.plainPassword);
    const res = await apiChallenge(t, { challenge_token: challenge, code });
    expect(res.status).toBe(201);
    expect((await bearer(t, res.body.token).get('/api/user')).body.email).toBe(user.email);
    expect(Number(await lastStep(user.id))).toBe(Math.floor(now / STEP_MS));
  });

  it('accepts the previous and the next step, refuses two steps away', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const now = await settledNow();
    const first = await startApiChallenge(t, user.email, user.plainPassword);
    for (const offset of [-2, 2]) {
      const res = await apiChallenge(t, { challenge_token: first, code: oathtool(secret, now + offset * STEP_MS) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ code: ['The provided two factor authentication code was invalid.'] });
    }
    expect((await apiChallenge(t, { challenge_token: first, code: oathtool(secret, now - STEP_MS) })).status).toBe(201);
    const second = await startApiChallenge(t, user.email, user.plainPassword);
    expect((await apiChallenge(t, { challenge_token: second, code: oathtool(secret, now + STEP_MS) })).status).toBe(201);
  });

  it('refuses a code that was already accepted (replay), for both client kinds', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const code = oathtool(secret, await settledNow());
    const first = await startApiChallenge(t, user.email, user.plainPassword);
    expect((await apiChallenge(t, { challenge_token: first, code })).status).toBe(201);
    const second = await startApiChallenge(t, user.email, user.plainPassword);
    const replay = await apiChallenge(t, { challenge_token: second, code });
    expect(replay.status).toBe(422);
    expect(replay.body.errors).toEqual({ code: ['The provided two factor authentication code was invalid.'] });
    const spa = await startSpaChallenge(t, user.email, user.plainPassword);
    expect((await spa.http.post('/two-factor-challenge', { code })).status).toBe(422);
    // An older step than the one used is refused as well: steps only move forward.
    expect((await spa.http.post('/two-factor-challenge', { code: oathtool(secret, Date.now() - STEP_MS) })).status).toBe(422);
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });

  it('lets exactly one of several parallel requests with the same code pass', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const challenges = await Promise.all(Array.from({ length: 6 }, () => startApiChallenge(t, user.email, user.plainPassword)));
    const code = oathtool(secret, await settledNow());
    const results = await Promise.all(challenges.map((challenge_token) => apiChallenge(t, { challenge_token, code })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422, 422]);
    const tokens = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(tokens.rows[0].n).toBe(1);
  });

  it('lets exactly one of parallel SPA challenges with the same code log in', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const browsers = await Promise.all(Array.from({ length: 4 }, () => startSpaChallenge(t, user.email, user.plainPassword)));
    const code = oathtool(secret, await settledNow());
    const results = await Promise.all(browsers.map((spa) => spa.http.post('/two-factor-challenge', { code })));
    expect(results.map((r) => r.status).sort()).toEqual([204, 422, 422, 422]);
    const sessions = await t.db.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [user.id]);
    expect(sessions.rows[0].n).toBe(1);
  });
});
