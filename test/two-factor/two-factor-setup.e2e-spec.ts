import { Encrypter, parseAppKey } from '../../src/common/crypto';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaLogin } from '../support/spa-client';
import { bearer, bearerCaller, enableTwoFactor, newToken, oathtool, settledNow, spaCaller, STEP_MS } from './support';

const RECOVERY_CODE = /^[A-Za-z0-9]{10}-[A-Za-z0-9]{10}$/;
const BASE32_SECRET = /^[A-Z2-7]{32}$/;
const NOT_ENABLED = { message: 'Two factor authentication has not been enabled.' };

// settledNow() may wait up to ~8 s for a fresh TOTP step; the default 5 s applies when jest runs every project.
jest.setTimeout(30_000);

describe('two-factor setup routes (docs/http-contract.md §6)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { APP_NAME: 'Acme Gate' } })));
  afterAll(() => t.close());

  const columns = async (userId: number) =>
    (
      await t.db.query(
        'SELECT two_factor_secret, two_factor_recovery_codes, two_factor_confirmed_at, two_factor_last_step FROM users WHERE id = $1',
        [userId],
      )
    ).rows[0];
  const auditEvents = async (userId: number) =>
    (await t.db.query('SELECT event, metadata FROM audit_events WHERE user_id = $1 ORDER BY id', [userId])).rows;

  /** A logged-in SPA whose password is confirmed. */
  async function confirmedSpa(): Promise<{ spa: SpaClient; user: Awaited<ReturnType<typeof createUser>> }> {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await spa.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
    return { spa, user };
  }

  it('enables: a 160-bit secret and 8 recovery codes, not yet confirmed', async () => {
    const { spa, user } = await confirmedSpa();
    const res = await spa.http.post('/user/two-factor-authentication');
    expect(res.status).toBe(200);
    const { secretKey } = (await spa.http.get('/user/two-factor-secret-key')).data;
    expect(secretKey).toMatch(BASE32_SECRET);
    const codes = (await spa.http.get('/user/two-factor-recovery-codes')).data;
    expect(codes).toHaveLength(8);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
    expect(new Set(codes).size).toBe(8);
    expect((await spa.http.get('/api/user')).data.two_factor_enabled).toBe(false);
    expect((await columns(user.id)).two_factor_confirmed_at).toBeNull();
  });

  it('stores the secret and recovery codes encrypted with APP_KEY, never in clear', async () => {
    const { spa, user } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const { secretKey } = (await spa.http.get('/user/two-factor-secret-key')).data;
    const codes: string[] = (await spa.http.get('/user/two-factor-recovery-codes')).data;
    const row = await columns(user.id);
    expect(row.two_factor_secret).not.toBe(secretKey);
    expect(row.two_factor_secret).not.toContain(secretKey);
    for (const code of codes) expect(row.two_factor_recovery_codes).not.toContain(code);
    // It is the application's AES-256-GCM payload under APP_KEY, not some other encoding of the secret.
    const encrypter = new Encrypter(parseAppKey(TEST_APP_KEY));
    expect(encrypter.decrypt(row.two_factor_secret)).toBe(secretKey);
    expect(JSON.parse(encrypter.decrypt(row.two_factor_recovery_codes))).toEqual(codes);
  });

  it('returns the QR code as SVG and the otpauth URL with APP_NAME as issuer', async () => {
    const { spa, user } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const { secretKey } = (await spa.http.get('/user/two-factor-secret-key')).data;
    const res = await spa.http.get('/user/two-factor-qr-code');
    expect(res.status).toBe(200);
    expect(Object.keys(res.data).sort()).toEqual(['svg', 'url']);
    expect(res.data.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const email = encodeURIComponent(user.email);
    expect(res.data.url).toBe(`otpauth://totp/Acme%20Gate:${email}?secret=${secretKey}&issuer=Acme%20Gate`);
  });

  it('confirms with a code computed by oathtool; the user JSON flips two_factor_enabled', async () => {
    const { spa, user } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const { secretKey } = (await spa.http.get('/user/two-factor-secret-key')).data;
    const res = await spa.http.post('/user/confirmed-two-factor-authentication', { code: oathtool(secretKey) });
    expect(res.status).toBe(200);
    expect((await spa.http.get('/api/user')).data.two_factor_enabled).toBe(true);
    expect((await columns(user.id)).two_factor_confirmed_at).toBeInstanceOf(Date);
    const events = (await auditEvents(user.id)).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['two_factor.enabled', 'two_factor.confirmed']));
  });

  it('refuses a wrong, missing or malformed confirmation code with 422 errors.code', async () => {
    const { spa, user } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const { secretKey } = (await spa.http.get('/user/two-factor-secret-key')).data;
    const wrong = String((Number(oathtool(secretKey)) + 1) % 1_000_000).padStart(6, '0');
    for (const body of [{ code: wrong }, {}, { code: 'abcdef' }, { code: '1234567' }]) {
      const res = await spa.http.post('/user/confirmed-two-factor-authentication', body);
      expect(res.status).toBe(422);
      expect(res.data).toEqual({
        message: 'The provided two factor authentication code was invalid.',
        errors: { code: ['The provided two factor authentication code was invalid.'] },
      });
    }
    expect((await columns(user.id)).two_factor_confirmed_at).toBeNull();
    expect((await auditEvents(user.id)).filter((e) => e.event === 'two_factor.failed')).toHaveLength(4);
  });

  it('cannot confirm before enabling', async () => {
    const { spa } = await confirmedSpa();
    const res = await spa.http.post('/user/confirmed-two-factor-authentication', { code: '123456' });
    expect(res.status).toBe(422);
    expect(res.data.errors.code).toBeDefined();
  });

  it('replaces secret and codes when enabled again before confirmation', async () => {
    const { spa } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const first = (await spa.http.get('/user/two-factor-secret-key')).data.secretKey;
    const firstCodes = (await spa.http.get('/user/two-factor-recovery-codes')).data;
    expect((await spa.http.post('/user/two-factor-authentication')).status).toBe(200);
    const second = (await spa.http.get('/user/two-factor-secret-key')).data.secretKey;
    expect(second).not.toBe(first);
    expect((await spa.http.get('/user/two-factor-recovery-codes')).data).not.toEqual(firstCodes);
    // The replaced secret can no longer be confirmed.
    const stale = await spa.http.post('/user/confirmed-two-factor-authentication', { code: oathtool(first) });
    expect(stale.status).toBe(422);
  });

  it('changes nothing when enabled again after confirmation (200)', async () => {
    const { spa, user } = await confirmedSpa();
    const secret = await enableTwoFactor(spaCaller(spa), user.plainPassword);
    const before = await columns(user.id);
    expect((await spa.http.post('/user/two-factor-authentication')).status).toBe(200);
    expect((await spa.http.get('/user/two-factor-secret-key')).data.secretKey).toBe(secret);
    expect(await columns(user.id)).toEqual(before);
    expect((await spa.http.get('/api/user')).data.two_factor_enabled).toBe(true);
  });

  it('disables: secret, codes and confirmation removed; login no longer asks for a code', async () => {
    const { spa, user } = await confirmedSpa();
    await enableTwoFactor(spaCaller(spa), user.plainPassword);
    const res = await spa.http.delete('/user/two-factor-authentication');
    expect(res.status).toBe(200);
    const row = await columns(user.id);
    expect([row.two_factor_secret, row.two_factor_recovery_codes, row.two_factor_confirmed_at]).toEqual([null, null, null]);
    expect((await spa.http.get('/api/user')).data.two_factor_enabled).toBe(false);
    expect((await auditEvents(user.id)).map((e) => e.event)).toContain('two_factor.disabled');
    const again = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await again.http.get('/api/user')).status).toBe(200);
  });

  it('answers the read routes when 2FA is off: secret-key 404, qr-code and recovery codes []', async () => {
    const { spa } = await confirmedSpa();
    const key = await spa.http.get('/user/two-factor-secret-key');
    expect(key.status).toBe(404);
    expect(key.data).toEqual(NOT_ENABLED);
    expect((await spa.http.get('/user/two-factor-qr-code')).data).toEqual([]);
    expect((await spa.http.get('/user/two-factor-recovery-codes')).data).toEqual([]);
    expect((await spa.http.post('/user/two-factor-recovery-codes')).status).toBe(404);
  });

  it('regenerates a fresh set of 8 recovery codes replacing the old', async () => {
    const { spa } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const old: string[] = (await spa.http.get('/user/two-factor-recovery-codes')).data;
    expect((await spa.http.post('/user/two-factor-recovery-codes')).status).toBe(200);
    const fresh: string[] = (await spa.http.get('/user/two-factor-recovery-codes')).data;
    expect(fresh).toHaveLength(8);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
  });

  it('logs in without a code while 2FA is enabled but not confirmed', async () => {
    const { spa, user } = await confirmedSpa();
    await spa.http.post('/user/two-factor-authentication');
    const login = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await login.http.get('/api/user')).status).toBe(200);
  });

  it('needs a recent password confirmation on every route (423)', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const calls = [
      spa.http.post('/user/two-factor-authentication'),
      spa.http.post('/user/confirmed-two-factor-authentication', { code: '123456' }),
      spa.http.delete('/user/two-factor-authentication'),
      spa.http.get('/user/two-factor-qr-code'),
      spa.http.get('/user/two-factor-secret-key'),
      spa.http.get('/user/two-factor-recovery-codes'),
      spa.http.post('/user/two-factor-recovery-codes'),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(423);
      expect(res.data).toEqual({ message: 'Password confirmation required.' });
    }
  });

  it('works end to end for a token client: 423, confirm password, enable, confirm', async () => {
    const user = await createUser(t.app);
    const api = bearer(t, await newToken(t, user.id));
    expect((await api.post('/user/two-factor-authentication')).status).toBe(423);
    const now = await settledNow();
    const secret = await enableTwoFactor(bearerCaller(api), user.plainPassword, now - STEP_MS);
    expect(secret).toMatch(BASE32_SECRET);
    expect((await api.get('/api/user')).body.two_factor_enabled).toBe(true);
    const codes = (await api.get('/user/two-factor-recovery-codes')).body;
    expect(codes).toHaveLength(8);
    expect((await api.delete('/user/two-factor-authentication')).status).toBe(200);
    expect((await api.get('/api/user')).body.two_factor_enabled).toBe(false);
  });
});
