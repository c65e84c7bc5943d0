import { RunningExample, startExample } from '../../support/example-server';
import { beatpass } from '../src/app';
import { Browser, browser, signIn, STATEFUL_DOMAINS } from './beatpass-client';
import { nextStep, settledNow, totp } from './totp';

/** BeatPass's client docs: the two-factor login step, and "log out other sessions" in Account Settings → Active Sessions. */
describe('BeatPass: two-factor login and active sessions', () => {
  let example: RunningExample;
  let accounts = 0;
  beforeAll(async () => {
    example = await startExample(beatpass, { SANCTUM_STATEFUL_DOMAINS: STATEFUL_DOMAINS });
    expect((await example.cli('demo:seed')).code).toBe(0);
  });
  afterAll(() => example?.close());

  /** A fresh listener made with the CLI, so each test owns its account. */
  const newListener = async () => {
    accounts += 1;
    const account = { email: `listener${accounts}@beatpass.test`, password: `listener-pass-${accounts}` };
    const created = await example.cli('user:create', '--name', `Listener ${accounts}`, '--email', account.email, '--password', account.password);
    expect(created.code).toBe(0);
    return account;
  };
  const signedIn = async (account: { email: string; password: string }) => {
    const client = browser(example.url);
    expect((await signIn(client, account.email, account.password)).data).toEqual({ two_factor: false });
    return client;
  };

  /** Account Settings: enable two-factor with the authenticator's code (Fortify's routes); returns the secret and the step used. */
  async function enableTwoFactor(client: Browser, password: string): Promise<{ secret: string; confirmedAt: number }> {
    expect((await client.http.post('/user/confirm-password', { password })).status).toBe(201);
    expect((await client.http.post('/user/two-factor-authentication')).status).toBe(200);
    const { secretKey } = (await client.http.get('/user/two-factor-secret-key')).data as { secretKey: string };
    expect(secretKey).toMatch(/^[A-Z2-7]{32}$/);
    const confirmedAt = await settledNow();
    const confirmed = await client.http.post('/user/confirmed-two-factor-authentication', { code: await totp(secretKey, confirmedAt) });
    expect(confirmed.data).toEqual({ message: 'two-factor-authentication-confirmed' });
    return { secret: secretKey, confirmedAt };
  }

  it('login answers two_factor: true and no session; the TOTP code then signs in (204) and /tracks is personal', async () => {
    const account = await newListener();
    const { secret, confirmedAt } = await enableTwoFactor(await signedIn(account), account.password);

    const client = browser(example.url);
    const first = await signIn(client, account.email, account.password);
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ two_factor: true });
    expect((await client.http.get('/api/user')).status).toBe(401);
    expect(Object.keys((await client.http.get('/tracks')).data.data[0])).not.toContain('liked');

    const notTheCode = String((Number(await totp(secret)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await client.http.post('/two-factor-challenge', { code: notTheCode });
    expect(wrong.status).toBe(422);
    expect(wrong.data.errors).toEqual({ code: ['The provided two factor authentication code was invalid.'] });

    // The confirmation's code is spent (replay-proof): the authenticator's next code is within the allowed drift.
    const challenge = await client.http.post('/two-factor-challenge', { code: await totp(secret, nextStep(confirmedAt)) });
    expect(challenge.status).toBe(204);
    const me = await client.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email: account.email, two_factor_enabled: true });
    expect((await client.http.get('/tracks')).data.data[0]).toHaveProperty('liked', false);
  });

  it('a recovery code signs in instead of the TOTP code, once', async () => {
    const account = await newListener();
    const settings = await signedIn(account);
    await enableTwoFactor(settings, account.password);
    const codes = (await settings.http.get('/user/two-factor-recovery-codes')).data as string[];
    expect(codes).toHaveLength(8);

    const client = browser(example.url);
    expect((await signIn(client, account.email, account.password)).data).toEqual({ two_factor: true });
    expect((await client.http.post('/two-factor-challenge', { recovery_code: codes[0] })).status).toBe(204);
    expect((await client.http.get('/api/user')).status).toBe(200);

    const again = browser(example.url);
    expect((await signIn(again, account.email, account.password)).data).toEqual({ two_factor: true });
    const reused = await again.http.post('/two-factor-challenge', { recovery_code: codes[0] });
    expect(reused.status).toBe(422);
    expect(reused.data.errors).toEqual({ recovery_code: ['The provided two factor recovery code was invalid.'] });
  });

  it('Active Sessions lists both browsers; "log out other sessions" ends the other one only', async () => {
    const account = await newListener();
    const laptop = await signedIn(account);
    const phone = await signedIn(account);

    const listed = await laptop.http.get('/user/sessions');
    expect(listed.status).toBe(200);
    expect(listed.data).toHaveLength(2);
    expect(listed.data.filter((session: { is_current_device: boolean }) => session.is_current_device)).toHaveLength(1);
    for (const session of listed.data) {
      expect(Object.keys(session).sort()).toEqual(['agent', 'id', 'ip_address', 'is_current_device', 'last_active_at', 'user_agent']);
    }

    const wrong = await laptop.http.delete('/user/other-browser-sessions', { data: { password: 'not-it' } });
    expect(wrong.status).toBe(422);
    expect(wrong.data.errors).toEqual({ password: ['The password is incorrect.'] });
    expect((await phone.http.get('/api/user')).status).toBe(200);

    const out = await laptop.http.delete('/user/other-browser-sessions', { data: { password: account.password } });
    expect(out.status).toBe(204);
    const phoneMe = await phone.http.get('/api/user');
    expect(phoneMe.status).toBe(401);
    expect(phoneMe.data.message).toBe('Unauthenticated.');
    expect(Object.keys((await phone.http.get('/tracks')).data.data[0])).not.toContain('liked');
    expect((await laptop.http.get('/api/user')).status).toBe(200);
    expect((await laptop.http.get('/user/sessions')).data).toHaveLength(1);
  });

  it('the Active Sessions routes answer 401 to a guest', async () => {
    const guest = browser(example.url);
    await guest.http.get('/sanctum/csrf-cookie');
    expect((await guest.http.get('/user/sessions')).status).toBe(401);
    const res = await guest.http.delete('/user/other-browser-sessions', { data: { password: 'whatever1' } });
    expect(res.status).toBe(401);
    expect(res.data.message).toBe('Unauthenticated.');
  });
});
