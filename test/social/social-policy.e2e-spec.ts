import axios from 'axios';
import { Encrypter } from '../../src/common/crypto';
import { createUser } from '../support/factories';
import { firstLink, SmtpCapture, startSmtpCapture } from '../support/smtp';
import { spaClient, SpaClient, spaLogin } from '../support/spa-client';
import { ALICE, auditEvents, BOB, githubRoundTrip, HOME, mintIdToken, oidcRoundTrip, SocialWorld, startSocialWorld } from './support';

const ORIGIN = { Origin: 'http://localhost:3000' };

/** The configurable parts of the policy: trusted providers, kept provider tokens, the user JSON, passwords later. */
describe('social login policy options', () => {
  let world: SocialWorld;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    world = await startSocialWorld({
      OAUTH_GITHUB_TRUSTED: 'true',
      OAUTH_CORP_STORE_TOKENS: 'true',
      OAUTH_USER_JSON_PROVIDERS: 'true',
      MAIL_URL: smtp.url,
      MAIL_FROM: 'Gatehouse <auth@gatehouse.test>',
    });
  });
  afterAll(async () => {
    await world.close();
    await smtp.close();
  });

  const me = (client: SpaClient) => client.http.get('/api/user', { headers: ORIGIN });

  it('a trusted provider links an unknown identity to the account of the same verified email, and logs it in', async () => {
    const octo = await createUser(world.t.app, { email: 'octo@example.com', password: 'octo-password-1' });
    const client = spaClient(world.t.url);
    const trip = await githubRoundTrip(world, client, 4242);
    expect(trip.location.toString()).toBe(HOME);
    expect((await me(client)).data).toMatchObject({ id: octo.id, email: 'octo@example.com', linked_providers: ['github'] });
    const { rows } = await world.t.db.query('SELECT provider, subject, user_id FROM social_accounts WHERE user_id = $1', [octo.id]);
    expect(rows).toEqual([{ provider: 'github', subject: '4242', user_id: octo.id }]);
    expect((await auditEvents(world.t, 'social.linked')).at(-1)).toMatchObject({ user_id: octo.id, metadata: { provider: 'github', by: 'trusted_email' } });
  });

  it('an untrusted provider still refuses an existing email (account_exists) beside a trusted one', async () => {
    const bob = await createUser(world.t.app, { email: BOB.email, password: 'bob-password-1' });
    const client = spaClient(world.t.url);
    const trip = await oidcRoundTrip(world, client, { sub: BOB.sub });
    expect(trip.location.searchParams.get('error')).toBe('account_exists');
    expect((await me(client)).status).toBe(401);
    const { rows } = await world.t.db.query('SELECT count(*)::int AS n FROM social_accounts WHERE user_id = $1', [bob.id]);
    expect(rows[0].n).toBe(0);
  });

  it('keeps the provider token of a store_tokens provider encrypted with APP_KEY, and no token for the others', async () => {
    const client = spaClient(world.t.url);
    await oidcRoundTrip(world, client, { sub: ALICE.sub });
    const user = (await me(client)).data as { id: number; linked_providers: string[] };
    expect(user.linked_providers).toEqual(['corp']);
    const { rows } = await world.t.db.query('SELECT access_token, refresh_token FROM social_accounts WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    const stored = rows[0].access_token as string;
    expect(stored).toEqual(expect.any(String));
    const plain = new Encrypter(world.t.config.appKey).decrypt(stored);
    expect(stored).not.toContain(plain);
    expect(Buffer.from(stored, 'base64').toString('latin1')).not.toContain(plain);
    // The decrypted value is the provider's real access token: its user-info endpoint accepts it.
    const discovery = (await (await fetch(`${world.oidc.issuer}/.well-known/openid-configuration`)).json()) as { userinfo_endpoint: string };
    const info = await fetch(discovery.userinfo_endpoint, { headers: { Authorization: `Bearer ${plain}` } });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { sub: string }).sub).toBe(ALICE.sub);
    // No refresh token was issued (no offline_access), so none is stored; GitHub (not configured) keeps nothing.
    expect(rows[0].refresh_token).toBeNull();
    const { rows: github } = await world.t.db.query("SELECT access_token FROM social_accounts WHERE provider = 'github'");
    expect(github.map((row) => row.access_token)).toEqual([null]);
  });

  it('a passwordless social account sets a password through the reset flow, then logs in with it and may unlink', async () => {
    const before = smtp.to(ALICE.email).length;
    const guest = spaClient(world.t.url);
    await guest.http.get('/sanctum/csrf-cookie');
    expect((await guest.http.post('/forgot-password', { email: ALICE.email })).status).toBe(200);
    const mail = await smtp.waitFor((m) => smtp.to(ALICE.email).indexOf(m) >= before && m.subject === 'Reset Password Notification');
    const link = new URL(firstLink(mail));
    const reset = await guest.http.post('/reset-password', {
      token: link.searchParams.get('token'), email: ALICE.email, password: 'alice-new-password', password_confirmation: 'alice-new-password',
    });
    expect(reset.status).toBe(200);
    const { rows } = await world.t.db.query('SELECT password FROM users WHERE email = $1', [ALICE.email]);
    expect(rows[0].password).toMatch(/^\$2[aby]\$/);

    const client = await spaLogin(world.t.url, ALICE.email, 'alice-new-password');
    expect((await me(client)).data.email).toBe(ALICE.email);
    // With a password the social account is no longer the last way to log in.
    const account = (await client.http.get('/user/connected-accounts')).data.data[0] as { id: number };
    expect((await client.http.delete(`/user/connected-accounts/${account.id}`)).status).toBe(204);
    expect((await me(client)).data.linked_providers).toEqual([]);
  });
});

describe('the login throttle on the social routes, by client address', () => {
  let world: SocialWorld;
  beforeAll(async () => {
    world = await startSocialWorld({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_DECAY_SECONDS: '600', TRUST_PROXY: 'true' });
  });
  afterAll(() => world.close());

  const from = (ip: string) => {
    const client = spaClient(world.t.url);
    client.http.defaults.headers.common['X-Forwarded-For'] = ip;
    return client;
  };

  it('refuses callbacks after LOGIN_MAX_ATTEMPTS failures from one address (?error=too_many_attempts), not from another', async () => {
    const attacker = from('10.9.0.1');
    for (let i = 0; i < 3; i++) {
      const res = await attacker.http.get('/auth/corp/callback?code=guess&state=guess', { maxRedirects: 0 });
      expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_state');
    }
    // Even a genuine round trip from that address is refused now, and logs nobody in.
    const blocked = await oidcRoundTrip(world, attacker, { sub: ALICE.sub });
    expect(blocked.location.searchParams.get('error')).toBe('too_many_attempts');
    expect((await attacker.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
    expect((await auditEvents(world.t, 'social.failed')).at(-1)?.metadata).toMatchObject({ provider: 'corp', stage: 'callback' });

    const other = from('10.9.0.2');
    const trip = await oidcRoundTrip(world, other, { sub: ALICE.sub });
    expect(trip.location.toString()).toBe(HOME);
    expect((await other.http.get('/api/user', { headers: ORIGIN })).data.email).toBe(ALICE.email);
  });

  it('counts callbacks fired in parallel: exactly LOGIN_MAX_ATTEMPTS get through to the checks', async () => {
    const client = from('10.9.0.5');
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.http.get('/auth/corp/callback?code=guess&state=guess', { maxRedirects: 0 })));
    const errors = answers.map((res) => new URL(res.headers.location as string).searchParams.get('error')).sort();
    expect(errors).toEqual([...Array(3).fill('invalid_state'), ...Array(5).fill('too_many_attempts')]);
  });

  it('answers the token route 429 with Retry-After once the address is over the limit', async () => {
    const post = (ip: string, body: object) =>
      axios.post(`${world.t.url}/api/auth/corp/token`, body, { validateStatus: () => true, headers: { Accept: 'application/json', 'X-Forwarded-For': ip } });
    for (let i = 0; i < 3; i++) expect((await post('10.9.0.3', { id_token: 'not-a-jwt', device_name: 'x' })).status).toBe(422);
    const valid = { id_token: await mintIdToken(world, { sub: ALICE.sub, email: ALICE.email, email_verified: true }), device_name: 'x' };
    const limited = await post('10.9.0.3', valid);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.data.token).toBeUndefined();
    expect((await post('10.9.0.4', valid)).status).toBe(201);
  });
});
