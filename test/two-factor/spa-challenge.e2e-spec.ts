import { sha256Hex } from '../../src/common/crypto';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import {
  apiChallenge,
  bearer,
  bearerCaller,
  enableTwoFactor,
  newToken,
  oathtool,
  seedTwoFactorUser,
  settledNow,
  spaCaller,
  startApiChallenge,
  startSpaChallenge,
  STEP_MS,
  wrongCode,
} from './support';

const CODE_INVALID = { code: ['The provided two factor authentication code was invalid.'] };
const RECOVERY_INVALID = { recovery_code: ['The provided two factor recovery code was invalid.'] };

// settledNow() may wait up to ~8 s for a fresh TOTP step; the default 5 s applies when jest runs every project.
jest.setTimeout(30_000);

describe('two-factor login challenge: SPA sessions', () => {
  let t: TestApp;
  // Several logins of one user run in parallel below; the login throttle is not what is under test.
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000' } })));
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]) => (await t.db.query(sql, params)).rows[0].n as number;
  const sessionsOf = (userId: number) => count('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [userId]);
  const pendingOf = (userId: number) => count('SELECT count(*)::int AS n FROM pending_logins WHERE user_id = $1', [userId]);
  const eventsOf = async (userId: number, event: string) =>
    (await t.db.query('SELECT metadata FROM audit_events WHERE user_id = $1 AND event = $2 ORDER BY id', [userId, event])).rows;

  describe('SPA: POST /login then POST /two-factor-challenge', () => {
    it('answers {"two_factor":true} and logs nothing in until the code is given', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      expect((await spa.http.get('/api/user')).status).toBe(401);
      expect(await sessionsOf(user.id)).toBe(0);
      const guestId = spa.cookie('gatehouse_session')!;
      const pending = await t.db.query('SELECT kind, session_hash FROM pending_logins WHERE user_id = $1', [user.id]);
      expect(pending.rows).toEqual([{ kind: 'session', session_hash: sha256Hex(guestId) }]);

      const res = await spa.http.post('/two-factor-challenge', { code: oathtool(secret) });
      expect(res.status).toBe(204);
      expect(res.data).toBe('');
      expect(spa.cookie('gatehouse_session')).not.toBe(guestId);
      expect((await spa.http.get('/api/user')).data.email).toBe(user.email);
      expect(await pendingOf(user.id)).toBe(0);
    });

    it('keeps the remember flag of the password step', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword, true);
      expect((await spa.http.post('/two-factor-challenge', { code: oathtool(secret) })).status).toBe(204);
      const row = await t.db.query('SELECT remember FROM sessions WHERE user_id = $1', [user.id]);
      expect(row.rows).toEqual([{ remember: true }]);
    });

    it('keeps the pending login after a wrong code, so the user may retry', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      const wrong = await spa.http.post('/two-factor-challenge', { code: wrongCode(secret) });
      expect(wrong.status).toBe(422);
      expect(wrong.data).toEqual({ message: CODE_INVALID.code[0], errors: CODE_INVALID });
      expect((await spa.http.post('/two-factor-challenge', { code: oathtool(secret) })).status).toBe(204);
      expect((await eventsOf(user.id, 'two_factor.failed'))[0].metadata).toMatchObject({ via: 'session', method: 'code', attempt: 1 });
    });

    it('ends the pending login at the 5th wrong code: a correct code afterwards is refused', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      for (let i = 0; i < 5; i++) {
        const res = await spa.http.post('/two-factor-challenge', { code: wrongCode(secret) });
        expect(res.status).toBe(422);
        expect(res.data.errors).toEqual(CODE_INVALID);
      }
      expect(await pendingOf(user.id)).toBe(0);
      const late = await spa.http.post('/two-factor-challenge', { code: oathtool(secret) });
      expect(late.status).toBe(422);
      expect(late.data.errors).toEqual(CODE_INVALID);
      expect((await spa.http.get('/api/user')).status).toBe(401);
      expect(await sessionsOf(user.id)).toBe(0);
    });

    it('answers 422 when there is no pending login, on the field that was sent', async () => {
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const code = await spa.http.post('/two-factor-challenge', { code: '123456' });
      expect(code.status).toBe(422);
      expect(code.data.errors).toEqual(CODE_INVALID);
      const recovery = await spa.http.post('/two-factor-challenge', { recovery_code: 'abcdefghij-abcdefghij' });
      expect(recovery.status).toBe(422);
      expect(recovery.data.errors).toEqual(RECOVERY_INVALID);
      expect((await spa.http.post('/two-factor-challenge', {})).data.errors).toEqual(CODE_INVALID);
    });

    it('ties the pending login to the browser that gave the password', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const victim = await startSpaChallenge(t, user.email, user.plainPassword);
      const other = spaClient(t.url);
      await other.http.get('/sanctum/csrf-cookie');
      const code = oathtool(secret, (await settledNow()) - STEP_MS);
      expect((await other.http.post('/two-factor-challenge', { code })).status).toBe(422);
      expect((await victim.http.post('/two-factor-challenge', { code })).status).toBe(204);
    });

    it('expires after 5 minutes', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      const row = await t.db.query(`SELECT expires_at - created_at AS ttl FROM pending_logins WHERE user_id = $1`, [user.id]);
      expect(row.rows[0].ttl).toEqual({ minutes: 5 });
      await t.db.query(`UPDATE pending_logins SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      const res = await spa.http.post('/two-factor-challenge', { code: oathtool(secret) });
      expect(res.status).toBe(422);
      expect(res.data.errors).toEqual(CODE_INVALID);
    });

    it('accepts a recovery code once: the list shrinks from 8 to 7', async () => {
      const { user, recoveryCodes } = await seedTwoFactorUser(t);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      expect((await spa.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[3] })).status).toBe(204);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      const left: string[] = (await spa.http.get('/user/two-factor-recovery-codes')).data;
      expect(left).toHaveLength(7);
      expect(left).not.toContain(recoveryCodes[3]);
      expect((await eventsOf(user.id, 'recovery_code.used'))[0].metadata).toEqual({ remaining: 7 });

      const again = await startSpaChallenge(t, user.email, user.plainPassword);
      const reuse = await again.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[3] });
      expect(reuse.status).toBe(422);
      expect(reuse.data.errors).toEqual(RECOVERY_INVALID);
    });

    it('lets exactly one of parallel logins using the same recovery code in', async () => {
      const { user, recoveryCodes } = await seedTwoFactorUser(t);
      const browsers = await Promise.all(Array.from({ length: 5 }, () => startSpaChallenge(t, user.email, user.plainPassword)));
      const results = await Promise.all(browsers.map((spa) => spa.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[0] })));
      expect(results.map((r) => r.status).sort()).toEqual([204, 422, 422, 422, 422]);
      expect(await sessionsOf(user.id)).toBe(1);
      expect(await eventsOf(user.id, 'recovery_code.used')).toHaveLength(1);
    });

    it('uses different recovery codes in parallel without losing any', async () => {
      const { user, recoveryCodes } = await seedTwoFactorUser(t);
      const browsers = await Promise.all(recoveryCodes.slice(0, 3).map(() => startSpaChallenge(t, user.email, user.plainPassword)));
      const results = await Promise.all(
        browsers.map((spa, i) => spa.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[i] })),
      );
      expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
      await browsers[0].http.post('/user/confirm-password', { password: user.plainPassword });
      expect((await browsers[0].http.get('/user/two-factor-recovery-codes')).data).toEqual(recoveryCodes.slice(3));
    });

    it('refuses the old recovery codes once a new set is generated', async () => {
      const { user, recoveryCodes } = await seedTwoFactorUser(t);
      const api = bearer(t, await newToken(t, user.id));
      await api.post('/user/confirm-password', { password: user.plainPassword });
      expect((await api.post('/user/two-factor-recovery-codes')).status).toBe(200);
      const fresh: string[] = (await api.get('/user/two-factor-recovery-codes')).body;
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      const old = await spa.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[0] });
      expect(old.status).toBe(422);
      expect(old.data.errors).toEqual(RECOVERY_INVALID);
      expect((await spa.http.post('/two-factor-challenge', { recovery_code: fresh[0] })).status).toBe(204);
    });
  });

  describe('end to end through the real routes', () => {
    it('enabled from the SPA: the mobile login needs and accepts a code', async () => {
      const user = await createUser(t.app);
      const now = await settledNow();
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const secret = await enableTwoFactor(spaCaller(spa), user.plainPassword, now - STEP_MS);
      const challenge = await startApiChallenge(t, user.email, user.plainPassword);
      const res = await apiChallenge(t, { challenge_token: challenge, code: oathtool(secret, now) });
      expect(res.status).toBe(201);
    });

    it('enabled from a token client: the SPA login needs and accepts a code', async () => {
      const user = await createUser(t.app);
      const now = await settledNow();
      const api = bearer(t, await newToken(t, user.id));
      const secret = await enableTwoFactor(bearerCaller(api), user.plainPassword, now - STEP_MS);
      const spa = await startSpaChallenge(t, user.email, user.plainPassword);
      expect((await spa.http.post('/two-factor-challenge', { code: oathtool(secret, now) })).status).toBe(204);
      expect((await spa.http.get('/api/user')).data.two_factor_enabled).toBe(true);
    });
  });
});
