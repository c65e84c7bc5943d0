import { createHash, randomBytes } from 'node:crypto';
import axios from 'axios';
import { Encrypter } from '../../src/common/crypto';
import { generateRecoveryCodes, generateTotpSecret } from '../../src/two-factor/totp';
import { loginAtProvider } from '../../src/testing/social';
import { apiChallenge, oathtool } from '../two-factor/support';
import { ALICE, auditEvents, DAVE, MOBILE_REDIRECT, mintIdToken, SocialWorld, startSocialWorld, WEB_CLIENT } from './support';

describe('POST /api/auth/{provider}/token (mobile / API clients)', () => {
  let world: SocialWorld;
  beforeAll(async () => {
    world = await startSocialWorld();
  });
  afterAll(() => world.close());

  const exchange = (provider: string, body: object) =>
    axios.post(`${world.t.url}/api/auth/${provider}/token`, body, { validateStatus: () => true, headers: { Accept: 'application/json' } });
  const me = (token: string) => axios.get(`${world.t.url}/api/user`, { validateStatus: () => true, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  const claimsOf = (user: typeof ALICE, extra: object = {}) => ({ sub: user.sub, email: user.email, email_verified: true, name: user.name, ...extra });

  /** An in-app PKCE flow against the provider, as a native app runs it: returns the code the app would receive. */
  async function appAuthorization(sub: string, nonce?: string) {
    const verifier = randomBytes(32).toString('base64url');
    const discovery = (await (await fetch(`${world.oidc.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: WEB_CLIENT.client_id, response_type: 'code', scope: 'openid email profile', redirect_uri: MOBILE_REDIRECT,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', state: 'app-state',
      ...(nonce ? { nonce } : {}),
    }).toString();
    const back = await loginAtProvider(world.oidc.issuer, url.toString(), { sub });
    return { code: back.searchParams.get('code')!, verifier };
  }

  it('turns a native SDK id_token (audience: the app\'s client id) into a token for a new account: 201 {token, token_type, user}', async () => {
    const res = await exchange('corp', { id_token: await mintIdToken(world, claimsOf(ALICE, { nonce: 'n-1' })), nonce: 'n-1', device_name: 'iPhone 15' });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ token_type: 'Bearer', user: { email: ALICE.email } });
    expect((await me(res.data.token)).data.email).toBe(ALICE.email);
    expect((await auditEvents(world.t, 'social.registered')).at(-1)?.metadata).toEqual({ provider: 'corp', via: 'token' });
  });

  it('accepts an id_token for the web client id too, and logs the same account in again', async () => {
    const first = await exchange('corp', { id_token: await mintIdToken(world, claimsOf(ALICE), {}), device_name: 'iPad' });
    const again = await exchange('corp', { id_token: await mintIdToken(world, { ...claimsOf(ALICE), aud: WEB_CLIENT.client_id }), device_name: 'iPad' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.data.user.id).toBe(first.data.user.id);
  });

  it.each([
    ['expired', async () => mintIdToken(world, claimsOf(ALICE), { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
    ['for another audience', async () => mintIdToken(world, { ...claimsOf(ALICE), aud: 'someone-elses-app' })],
    ['signed by another key', async () => mintIdToken(world, claimsOf(ALICE), { foreignKey: true })],
    ['not a JWT', async () => 'not-a-jwt'],
  ])('refuses an id_token that is %s with 422 errors.id_token', async (_label, token) => {
    const res = await exchange('corp', { id_token: await token(), device_name: 'iPhone 15' });
    expect(res.status).toBe(422);
    expect(res.data.errors.id_token).toEqual(["The provider's token is invalid."]);
    expect(res.data.token).toBeUndefined();
  });

  it('refuses an id_token whose nonce is not the one the app sent', async () => {
    const res = await exchange('corp', { id_token: await mintIdToken(world, claimsOf(ALICE, { nonce: 'real' })), nonce: 'other', device_name: 'x' });
    expect(res.status).toBe(422);
  });

  it('exchanges an in-app authorization code + code_verifier + redirect_uri (PKCE) for a token', async () => {
    const { code, verifier } = await appAuthorization(DAVE.sub, 'app-nonce');
    const res = await exchange('corp', { code, code_verifier: verifier, redirect_uri: MOBILE_REDIRECT, nonce: 'app-nonce', device_name: 'Pixel 9' });
    expect(res.status).toBe(201);
    expect(res.data.user.email).toBe(DAVE.email);
    const replay = await exchange('corp', { code, code_verifier: verifier, redirect_uri: MOBILE_REDIRECT, nonce: 'app-nonce', device_name: 'Pixel 9' });
    expect(replay.status).toBe(422);
    expect(replay.data.errors.code).toHaveLength(1);
  });

  it('refuses a code with the wrong code_verifier', async () => {
    const { code } = await appAuthorization(DAVE.sub);
    const res = await exchange('corp', { code, code_verifier: randomBytes(32).toString('base64url'), redirect_uri: MOBILE_REDIRECT, device_name: 'Pixel 9' });
    expect(res.status).toBe(422);
  });

  it('answers the two-factor challenge as /api/login does for a 2FA user, and the challenge completes it', async () => {
    const dave = (await world.t.db.query('SELECT id FROM users WHERE email = $1', [DAVE.email])).rows[0] as { id: number };
    const secret = generateTotpSecret();
    const encrypter = new Encrypter(world.t.config.appKey);
    await world.t.db.query('UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = now() WHERE id = $1', [
      dave.id, encrypter.encrypt(secret), encrypter.encrypt(JSON.stringify(generateRecoveryCodes())),
    ]);
    const res = await exchange('corp', { id_token: await mintIdToken(world, claimsOf(DAVE)), device_name: 'Pixel 9' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ two_factor: true, challenge_token: expect.any(String) });
    expect(res.data.token).toBeUndefined();
    const done = await apiChallenge(world.t, { challenge_token: res.data.challenge_token, code: oathtool(secret) });
    expect(done.status).toBe(201);
    expect(done.body.user.id).toBe(dave.id);
  });

  it('validates the body (422), 404s an unknown provider, and refuses id_tokens for an OAuth 2.0 provider', async () => {
    const missing = await exchange('corp', { device_name: 'x' });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.data.errors).sort()).toEqual(['code', 'id_token']);
    const noVerifier = await exchange('corp', { code: 'abc', device_name: 'x' });
    expect(Object.keys(noVerifier.data.errors).sort()).toEqual(['code_verifier', 'redirect_uri']);
    expect((await exchange('corp', { id_token: 'x' })).data.errors.device_name).toHaveLength(1);
    expect((await exchange('nope', { id_token: 'x', device_name: 'x' })).status).toBe(404);
    expect((await exchange('github', { id_token: await mintIdToken(world, claimsOf(ALICE)), device_name: 'x' })).status).toBe(422);
  });
});
