import { spaClient, spaLogin } from '../support/spa-client';
import { loginAtProvider } from '../../src/testing/social';
import { createUser } from '../support/factories';
import { Encrypter } from '../../src/common/crypto';
import { generateRecoveryCodes, generateTotpSecret } from '../../src/two-factor/totp';
import { oathtool } from '../two-factor/support';
import { ALICE, auditEvents, BOB, CAROL, githubRoundTrip, HOME, oidcRoundTrip, SocialWorld, startSocialWorld, UNVERIFIED } from './support';

const ORIGIN = { Origin: 'http://localhost:3000' };

describe('social login through the SPA redirect flow', () => {
  let world: SocialWorld;
  beforeAll(async () => {
    world = await startSocialWorld();
  });
  afterAll(() => world.close());

  const userRow = async (email: string) =>
    (await world.t.db.query('SELECT id, password, email_verified_at FROM users WHERE email = $1', [email])).rows[0] as
      | { id: number; password: string | null; email_verified_at: Date | null }
      | undefined;

  it('creates the account of an unknown identity with a verified email, logs it in and returns to redirect_to', async () => {
    const client = spaClient(world.t.url);
    const trip = await oidcRoundTrip(world, client, { sub: ALICE.sub });
    const provider = new URL(trip.providerUrl);
    expect(provider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(provider.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(provider.searchParams.get('state')).toMatch(/.{20,}/);
    expect(trip.status).toBe(302);
    expect(trip.location.toString()).toBe(HOME);

    const me = await client.http.get('/api/user', { headers: ORIGIN });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email: ALICE.email, name: ALICE.name, roles: ['user'] });
    expect(me.data.email_verified_at).not.toBeNull();
    // OAUTH_USER_JSON_PROVIDERS is off by default.
    expect(me.data).not.toHaveProperty('linked_providers');
    const row = await userRow(ALICE.email);
    expect(row?.password).toBeNull();
    const { rows } = await world.t.db.query('SELECT provider, subject, email, access_token FROM social_accounts WHERE user_id = $1', [row!.id]);
    expect(rows).toEqual([{ provider: 'corp', subject: ALICE.sub, email: ALICE.email, access_token: null }]);
    expect((await auditEvents(world.t, 'social.registered')).map((e) => e.user_id)).toContain(row!.id);
  });

  it('logs a returning identity in to the same account under a new session id', async () => {
    const client = spaClient(world.t.url);
    await client.http.get('/sanctum/csrf-cookie');
    const guestId = client.cookie('gatehouse_session');
    const trip = await oidcRoundTrip(world, client, { sub: ALICE.sub });
    expect(trip.location.toString()).toBe(HOME);
    expect(client.cookie('gatehouse_session')).not.toBe(guestId);
    const me = await client.http.get('/api/user', { headers: ORIGIN });
    expect(me.data.id).toBe((await userRow(ALICE.email))!.id);
    const logins = await auditEvents(world.t, 'social.login');
    expect(logins.at(-1)).toMatchObject({ user_id: me.data.id, metadata: { provider: 'corp', via: 'session' } });
    const { rows } = await world.t.db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [ALICE.email]);
    expect(rows[0].n).toBe(1);
  });

  it('a passwordless account cannot log in or confirm with a password (422, never a 500)', async () => {
    const client = spaClient(world.t.url);
    await client.http.get('/sanctum/csrf-cookie');
    const login = await client.http.post('/login', { email: ALICE.email, password: 'anything-at-all' });
    expect(login.status).toBe(422);
    await oidcRoundTrip(world, client, { sub: ALICE.sub });
    const confirm = await client.http.post('/user/confirm-password', { password: 'anything-at-all' });
    expect(confirm.status).toBe(422);
  });

  it('stops at the two-factor challenge for a user with 2FA, as /login does', async () => {
    const first = spaClient(world.t.url);
    await oidcRoundTrip(world, first, { sub: CAROL.sub });
    const carol = (await userRow(CAROL.email))!;
    const secret = generateTotpSecret();
    const encrypter = new Encrypter(world.t.config.appKey);
    await world.t.db.query('UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = now() WHERE id = $1', [
      carol.id, encrypter.encrypt(secret), encrypter.encrypt(JSON.stringify(generateRecoveryCodes())),
    ]);
    const client = spaClient(world.t.url);
    await client.http.get('/sanctum/csrf-cookie');
    const trip = await oidcRoundTrip(world, client, { sub: CAROL.sub });
    expect(trip.location.searchParams.get('two_factor')).toBe('1');
    expect((await client.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
    const challenge = await client.http.post('/two-factor-challenge', { code: oathtool(secret) });
    expect(challenge.status).toBe(204);
    const me = await client.http.get('/api/user', { headers: ORIGIN });
    expect(me.data.id).toBe(carol.id);
  });

  it('refuses to link an unknown identity to an existing account by email, then links it from account settings', async () => {
    const bob = await createUser(world.t.app, { email: BOB.email, password: 'bob-password-1' });
    const guest = spaClient(world.t.url);
    const refused = await oidcRoundTrip(world, guest, { sub: BOB.sub });
    expect(refused.location.origin + refused.location.pathname).toBe(HOME);
    expect(refused.location.searchParams.get('error')).toBe('account_exists');
    expect((await guest.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);

    const client = await spaLogin(world.t.url, BOB.email, 'bob-password-1');
    const stale = await client.http.get('/user/connected-accounts/corp/redirect', { maxRedirects: 0 });
    expect(stale.status).toBe(423);
    expect((await client.http.post('/user/confirm-password', { password: 'bob-password-1' })).status).toBe(201);
    const linked = await oidcRoundTrip(world, client, { sub: BOB.sub }, { start: `/user/connected-accounts/corp/redirect?redirect_to=${encodeURIComponent(HOME)}` });
    expect(linked.location.searchParams.get('linked')).toBe('corp');
    const list = await client.http.get('/user/connected-accounts');
    expect(list.status).toBe(200);
    expect(list.data.data).toEqual([expect.objectContaining({ provider: 'corp', provider_label: 'Corp SSO', email: BOB.email, name: BOB.name })]);
    expect((await auditEvents(world.t, 'social.linked')).at(-1)).toMatchObject({ user_id: bob.id, metadata: { provider: 'corp', by: 'settings' } });

    const later = spaClient(world.t.url);
    expect((await oidcRoundTrip(world, later, { sub: BOB.sub })).location.toString()).toBe(HOME);
    expect((await later.http.get('/api/user', { headers: ORIGIN })).data.id).toBe(bob.id);
  });

  it('refuses to unlink the last way to log in (422) and unlinks when a password remains (204)', async () => {
    const alice = spaClient(world.t.url);
    await oidcRoundTrip(world, alice, { sub: ALICE.sub });
    const aliceAccount = (await alice.http.get('/user/connected-accounts')).data.data[0];
    const last = await alice.http.delete(`/user/connected-accounts/${aliceAccount.id}`);
    expect(last.status).toBe(422);
    expect(last.data.errors.account[0]).toMatch(/only way to log in/);

    const bob = await spaLogin(world.t.url, BOB.email, 'bob-password-1');
    expect((await bob.http.delete(`/user/connected-accounts/${aliceAccount.id}`)).status).toBe(404);
    const bobAccount = (await bob.http.get('/user/connected-accounts')).data.data[0];
    expect((await bob.http.delete(`/user/connected-accounts/${bobAccount.id}`)).status).toBe(204);
    expect((await bob.http.get('/user/connected-accounts')).data.data).toEqual([]);
    expect((await auditEvents(world.t, 'social.unlinked')).at(-1)).toMatchObject({ metadata: { provider: 'corp', account_id: bobAccount.id } });
  });

  it('keeps connected accounts to their holder: 401 for a guest, 419 for an unsafe request without X-XSRF-TOKEN', async () => {
    const guest = spaClient(world.t.url);
    for (const path of ['/user/connected-accounts', '/user/connected-accounts/corp/redirect']) {
      const res = await guest.http.get(path);
      expect([path, res.status, res.data.message]).toEqual([path, 401, 'Unauthenticated.']);
    }
    // As in Laravel, the CSRF check of a stateful unsafe request comes before authentication.
    expect((await guest.http.delete('/user/connected-accounts/1')).status).toBe(419);
    const alice = spaClient(world.t.url);
    await oidcRoundTrip(world, alice, { sub: ALICE.sub });
    const account = (await alice.http.get('/user/connected-accounts')).data.data[0];
    const noXsrf = await alice.http.delete(`/user/connected-accounts/${account.id}`, { headers: { 'X-XSRF-TOKEN': '' } });
    expect(noXsrf.status).toBe(419);
    expect((await alice.http.get('/user/connected-accounts')).data.data).toHaveLength(1);
  });

  it('refuses a tampered state with ?error=invalid_state and no session', async () => {
    const client = spaClient(world.t.url);
    const trip = await oidcRoundTrip(world, client, { sub: ALICE.sub }, {
      editCallback: (url) => url.searchParams.set('state', `${url.searchParams.get('state')}x`),
    });
    expect(trip.location.searchParams.get('error')).toBe('invalid_state');
    expect((await client.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
  });

  it('refuses a replayed callback (the code used twice), even with the flow cookie copied', async () => {
    const client = spaClient(world.t.url);
    const start = await client.http.get(`/auth/corp/redirect?redirect_to=${encodeURIComponent(HOME)}`, { maxRedirects: 0 });
    const flowCookie = client.cookie('gatehouse_social');
    expect(flowCookie).toBeDefined();
    const callbackUrl = await loginAtProvider(world.oidc.issuer, start.headers.location as string, { sub: ALICE.sub });
    const path = `${callbackUrl.pathname}${callbackUrl.search}`;
    const first = await client.http.get(path, { maxRedirects: 0 });
    expect(first.headers.location).toBe(HOME);
    const attacker = spaClient(world.t.url);
    const replay = await attacker.http.get(path, { maxRedirects: 0, headers: { Cookie: `gatehouse_social=${encodeURIComponent(flowCookie!)}` } });
    expect(new URL(replay.headers.location as string).searchParams.get('error')).toBe('provider_error');
    expect((await attacker.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
  });

  it('refuses an id_token with the wrong nonce (?error=invalid_token)', async () => {
    const client = spaClient(world.t.url);
    const trip = await oidcRoundTrip(world, client, { sub: ALICE.sub }, { editProviderUrl: (url) => url.searchParams.set('nonce', 'an-attacker-chosen-nonce') });
    expect(trip.location.searchParams.get('error')).toBe('invalid_token');
    expect((await client.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
  });

  it('redirects a denied consent with ?error=access_denied, never the provider\'s text', async () => {
    const client = spaClient(world.t.url);
    const trip = await oidcRoundTrip(world, client, 'deny');
    expect(trip.location.searchParams.get('error')).toBe('access_denied');
    expect(trip.location.toString()).not.toMatch(/said|%3Cb%3E|<b>/);
    expect((await auditEvents(world.t, 'social.failed')).some((e) => e.metadata.reason === 'access_denied')).toBe(true);
  });

  it('answers 422 for a redirect_to off the stateful domains (no open redirect), 404 for an unknown provider', async () => {
    const client = spaClient(world.t.url);
    for (const target of ['https://evil.example/steal', 'javascript:alert(1)', '//evil.example', 'http://localhost:3000.evil.example/']) {
      const res = await client.http.get(`/auth/corp/redirect?redirect_to=${encodeURIComponent(target)}`, { maxRedirects: 0 });
      expect({ target, status: res.status, location: res.headers.location }).toEqual({ target, status: 422, location: undefined });
      expect(res.data.errors.redirect_to).toHaveLength(1);
    }
    expect((await client.http.get('/auth/nope/redirect', { maxRedirects: 0 })).status).toBe(404);
    expect((await client.http.get('/auth/nope/callback?code=x&state=y', { maxRedirects: 0 })).status).toBe(404);
  });

  it('redirects with ?error=provider_unavailable when the provider never answers, after the configured timeout', async () => {
    const client = spaClient(world.t.url);
    const started = Date.now();
    const res = await client.http.get(`/auth/down/redirect?redirect_to=${encodeURIComponent(HOME)}`, { maxRedirects: 0 });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('provider_unavailable');
  });

  it('logs in through the GitHub-shaped provider with its primary verified email', async () => {
    const client = spaClient(world.t.url);
    const trip = await githubRoundTrip(world, client, 4242);
    expect(new URL(trip.providerUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(trip.location.toString()).toBe(HOME);
    const me = await client.http.get('/api/user', { headers: ORIGIN });
    expect(me.data).toMatchObject({ email: 'octo@example.com', name: 'Octo Cat' });
    const again = spaClient(world.t.url);
    await githubRoundTrip(world, again, 4242);
    expect((await again.http.get('/api/user', { headers: ORIGIN })).data.id).toBe(me.data.id);
  });

  it('refuses an identity without a verified email (?error=email_unverified), OIDC and GitHub alike', async () => {
    const oidc = await oidcRoundTrip(world, spaClient(world.t.url), { sub: UNVERIFIED.sub });
    expect(oidc.location.searchParams.get('error')).toBe('email_unverified');
    const github = await githubRoundTrip(world, spaClient(world.t.url), 5151);
    expect(github.location.searchParams.get('error')).toBe('email_unverified');
    expect(await userRow(UNVERIFIED.email)).toBeUndefined();
  });

  it('redirects a denied GitHub authorization with ?error=access_denied', async () => {
    const trip = await githubRoundTrip(world, spaClient(world.t.url), null);
    expect(trip.location.searchParams.get('error')).toBe('access_denied');
  });
});
