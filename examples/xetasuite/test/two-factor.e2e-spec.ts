import { GatehouseUsers } from 'gatehouse';
import { RunningExample, startExample } from '../../support/example-server';
import { xetasuite } from '../src/app';
import { Browser, openBrowser } from './client/browser';
import { settle } from './settle';
import { totp } from './totp';

const PASSWORD = 'password';

/** Fortify's set-up as XetaSuite's profile page drives it (under the auth prefix): the secret and recovery codes. */
async function enableTwoFactor({ AuthRepository, httpClient }: Browser, email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await AuthRepository.login({ email, password: PASSWORD });
  expect((await httpClient.post('/api/v1/auth/user/confirm-password', { password: PASSWORD })).status).toBe(201);
  await httpClient.post('/api/v1/auth/user/two-factor-authentication');
  const { secretKey } = (await httpClient.get('/api/v1/auth/user/two-factor-secret-key')).data as { secretKey: string };
  await httpClient.post('/api/v1/auth/user/confirmed-two-factor-authentication', { code: totp(secretKey) });
  const recoveryCodes = (await httpClient.get('/api/v1/auth/user/two-factor-recovery-codes')).data as string[];
  await AuthRepository.logout();
  return { secret: secretKey, recoveryCodes };
}

describe('XetaSuite: the two-factor challenge of its client docs', () => {
  let example: RunningExample;
  let email: string;
  let secret: string;
  let recoveryCodes: string[];
  beforeAll(async () => {
    example = await startExample(xetasuite);
    email = 'mfa@xetasuite.test';
    await example.served.app.get(GatehouseUsers).create({ name: 'Mia Fa', email, password: PASSWORD, verified: true, fields: { first_name: 'Mia', last_name: 'Fa' } });
    ({ secret, recoveryCodes } = await enableTwoFactor(openBrowser(example.url), email));
  });
  afterAll(() => example?.close());

  it('login answers {"two_factor":true}; POST /api/v1/auth/two-factor-challenge {code} logs in', async () => {
    const { httpClient } = openBrowser(example.url);
    await httpClient.get('/sanctum/csrf-cookie');
    const login = await httpClient.post('/api/v1/auth/login', { email, password: PASSWORD, remember: true });
    expect(login.data).toEqual({ two_factor: true });
    expect((await settle(httpClient.get('/api/v1/user'))).status).toBe(401);
    // The code confirmed at set-up is spent for its window; an authenticator shows the next one soon after.
    const challenge = await httpClient.post('/api/v1/auth/two-factor-challenge', { code: totp(secret, 1) });
    expect(challenge.status).toBe(204);
    expect((await httpClient.get('/api/v1/user')).data.data).toMatchObject({ email, full_name: 'Mia Fa' });
  });

  it('AuthRepository.login then {recovery_code} logs in; a wrong code answers 422', async () => {
    const { AuthRepository, httpClient } = openBrowser(example.url);
    await AuthRepository.login({ email, password: PASSWORD });
    const wrong = await settle(httpClient.post('/api/v1/auth/two-factor-challenge', { recovery_code: 'abcd-efgh-ijkl' }));
    expect(wrong.status).toBe(422);
    expect(wrong.data).toEqual({
      message: 'The provided two factor recovery code was invalid.',
      errors: { recovery_code: ['The provided two factor recovery code was invalid.'] },
    });
    const challenge = await httpClient.post('/api/v1/auth/two-factor-challenge', { recovery_code: recoveryCodes[0] });
    expect(challenge.status).toBe(204);
    expect((await httpClient.get('/api/v1/user')).status).toBe(200);
  });
});
