import { startApp, TestApp } from '../support/app';
import { apiChallenge, oathtool, seedTwoFactorUser, startApiChallenge, startSpaChallenge, wrongCode } from './support';

jest.setTimeout(30_000);

describe('per-account ceiling on two-factor codes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '5' } })));
  afterAll(() => t.close());

  it('refuses codes with 429 once 10 tries were spent across pending logins, while password login still works', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const wrong = wrongCode(secret);
    for (let login = 0; login < 2; login += 1) {
      const challengeToken = await startApiChallenge(t, user.email, user.plainPassword);
      for (let i = 0; i < 5; i += 1) expect((await apiChallenge(t, { challenge_token: challengeToken, code: wrong })).status).toBe(422);
    }

    // A fresh pending login: the password is still accepted, but no code is checked any more.
    const fresh = await startApiChallenge(t, user.email, user.plainPassword);
    const refused = await apiChallenge(t, { challenge_token: fresh, code: oathtool(secret) });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ message: 'Too Many Attempts.' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);

    // The owner's password login is not locked: it still answers with a challenge.
    const spa = await startSpaChallenge(t, user.email, user.plainPassword);
    const spaRefused = await spa.http.post('/two-factor-challenge', { code: oathtool(secret) });
    expect(spaRefused.status).toBe(429);
  });

  it('counts per user: another account is unaffected', async () => {
    const first = await seedTwoFactorUser(t);
    const second = await seedTwoFactorUser(t);
    for (let login = 0; login < 2; login += 1) {
      const token = await startApiChallenge(t, first.user.email, first.user.plainPassword);
      for (let i = 0; i < 5; i += 1) await apiChallenge(t, { challenge_token: token, code: wrongCode(first.secret) });
    }
    const token = await startApiChallenge(t, second.user.email, second.user.plainPassword);
    expect((await apiChallenge(t, { challenge_token: token, code: oathtool(second.secret) })).status).toBe(201);
  });
});
