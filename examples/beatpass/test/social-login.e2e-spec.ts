import { loginAtProvider, startGithubServer, startOidcProvider, TestGithubServer, TestOidcProvider } from 'gatehouse/testing/social';
import { RunningExample, startExample } from '../../support/example-server';
import { beatpass } from '../src/app';
import { BEATPASS_ORIGIN, browser, DemoAccount, demoAccounts, signIn, signInWith, socialSignIn, STATEFUL_DOMAINS } from './beatpass-client';

/** Where the providers send the browser back: the callback routes on APP_URL. */
const APP_URL = 'http://localhost:3000';
const HOME = `${BEATPASS_ORIGIN}/`;
const MIA = { sub: 'mia-google-sub', email: 'mia@gmail.example', email_verified: true, name: 'Mia Beats' };
const LEE_AT_GOOGLE = { sub: 'lee-google-sub', email: 'lee.listener@gmail.example', email_verified: true, name: 'Lee L.' };

/**
 * BeatPass's client docs, "Social Login": "Social logins create a BeatPass account and session automatically. You
 * can link additional providers in Account Settings." BeatPass offers GitHub (OAuth 2.0) and Google (OpenID Connect);
 * here both presets point at real providers on loopback (a GitHub-shaped server and oidc-provider).
 */
describe('BeatPass: social login', () => {
  let example: RunningExample;
  let github: TestGithubServer;
  let google: TestOidcProvider;
  let listener: DemoAccount;

  beforeAll(async () => {
    github = await startGithubServer({ id: 'beatpass-gh', secret: 'beatpass-gh-secret' }, [
      { id: 901, login: 'kilo', name: 'Kilo Beats', emails: [{ email: 'kilo@beats.example', primary: true, verified: true }] },
      { id: 902, login: 'lee', name: 'Lee', emails: [{ email: 'listener@beatpass.test', primary: true, verified: true }] },
    ]);
    google = await startOidcProvider(
      [{ client_id: 'beatpass-web', client_secret: 'beatpass-google-secret', redirect_uris: [`${APP_URL}/auth/google/callback`] }],
      [MIA, LEE_AT_GOOGLE],
    );
    example = await startExample(beatpass, {
      APP_URL,
      SANCTUM_STATEFUL_DOMAINS: STATEFUL_DOMAINS,
      OAUTH_GITHUB_CLIENT_ID: 'beatpass-gh',
      OAUTH_GITHUB_CLIENT_SECRET: 'beatpass-gh-secret',
      OAUTH_GITHUB_AUTHORIZE_URL: `${github.url}/login/oauth/authorize`,
      OAUTH_GITHUB_TOKEN_URL: `${github.url}/login/oauth/access_token`,
      OAUTH_GITHUB_USERINFO_URL: `${github.url}/user`,
      OAUTH_GITHUB_EMAILS_URL: `${github.url}/user/emails`,
      OAUTH_GOOGLE_ISSUER: google.issuer,
      OAUTH_GOOGLE_CLIENT_ID: 'beatpass-web',
      OAUTH_GOOGLE_CLIENT_SECRET: 'beatpass-google-secret',
    });
    const seeded = await example.cli('demo:seed');
    expect(seeded.code).toBe(0);
    ({ listener } = demoAccounts(seeded.out));
  });
  afterAll(async () => {
    await example?.close();
    await Promise.all([github?.close(), google?.close()]);
  });

  /** The GitHub user already signed in at github.com approves BeatPass (null: denies). */
  const atGithub = (userId: number | null) => async (providerUrl: string) => {
    github.signedInAs = userId;
    const answer = await fetch(providerUrl, { redirect: 'manual' });
    return new URL(answer.headers.get('location') ?? '');
  };
  const atGoogle = (sub: string) => (providerUrl: string) => loginAtProvider(google.issuer, providerUrl, { sub });

  it('offers the "Sign in with" buttons: GET /auth/providers', async () => {
    const res = await browser(example.url).http.get('/auth/providers');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ data: [{ name: 'github', label: 'GitHub' }, { name: 'google', label: 'Google' }] });
  });

  it('offers only the providers whose client id is set', async () => {
    const githubOnly = await startExample(beatpass, { APP_URL, SANCTUM_STATEFUL_DOMAINS: STATEFUL_DOMAINS, OAUTH_GITHUB_CLIENT_ID: 'beatpass-gh' });
    try {
      expect((await browser(githubOnly.url).http.get('/auth/providers')).data).toEqual({ data: [{ name: 'github', label: 'GitHub' }] });
      expect((await browser(githubOnly.url).http.get(signInWith('google'), { maxRedirects: 0 })).status).toBe(404);
    } finally {
      await githubOnly.close();
    }
  });

  it('a GitHub login creates a BeatPass account and session automatically; GET /tracks is then personal', async () => {
    const client = browser(example.url);
    const back = await socialSignIn(client, signInWith('github'), atGithub(901));
    expect(back.toString()).toBe(HOME);
    const me = await client.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email: 'kilo@beats.example', name: 'Kilo Beats', roles: ['user'] });
    expect(me.data.email_verified_at).not.toBeNull();
    const tracks = await client.http.get('/tracks');
    expect(tracks.data.data.every((track: { liked?: boolean }) => track.liked === false)).toBe(true);
    // The session is a normal BeatPass session: CSRF-protected writes work, and logging out ends it.
    const liked = await client.http.post(`/tracks/${tracks.data.data[0].id}/like`);
    expect(liked.status).toBe(204);
    expect((await client.http.post('/logout')).status).toBe(204);
    expect((await client.http.get('/api/user')).status).toBe(401);

    // The next GitHub login is the same account.
    const again = browser(example.url);
    await socialSignIn(again, signInWith('github'), atGithub(901));
    expect((await again.http.get('/api/user')).data.id).toBe(me.data.id);
  });

  it('a Google (OpenID Connect) login creates an account too', async () => {
    const client = browser(example.url);
    expect((await socialSignIn(client, signInWith('google'), atGoogle(MIA.sub))).toString()).toBe(HOME);
    expect((await client.http.get('/api/user')).data).toMatchObject({ email: MIA.email, name: MIA.name });
  });

  it('an existing BeatPass email is not taken over: the listener links GitHub from Account Settings instead', async () => {
    const refused = await socialSignIn(browser(example.url), signInWith('github'), atGithub(902));
    expect(refused.searchParams.get('error')).toBe('account_exists');

    const client = browser(example.url);
    expect((await signIn(client, listener.email, listener.password)).status).toBe(200);
    expect((await client.http.post('/user/confirm-password', { password: listener.password })).status).toBe(201);
    const linked = await socialSignIn(client, '/user/connected-accounts/github/redirect', atGithub(902));
    expect(linked.searchParams.get('linked')).toBe('github');
    const accounts = await client.http.get('/user/connected-accounts');
    expect(accounts.data.data).toEqual([expect.objectContaining({ provider: 'github', provider_label: 'GitHub', email: listener.email })]);

    const viaGithub = browser(example.url);
    await socialSignIn(viaGithub, signInWith('github'), atGithub(902));
    expect((await viaGithub.http.get('/api/user')).data.email).toBe(listener.email);
  });

  it('a social-only account links an additional provider in Account Settings right after its login', async () => {
    const client = browser(example.url);
    await socialSignIn(client, signInWith('github'), atGithub(901));
    const linked = await socialSignIn(client, `/user/connected-accounts/google/redirect?redirect_to=${encodeURIComponent(`${HOME}settings`)}`, atGoogle(LEE_AT_GOOGLE.sub));
    expect(`${linked.origin}${linked.pathname}`).toBe(`${HOME}settings`);
    expect(linked.searchParams.get('linked')).toBe('google');
    const providers = (await client.http.get('/user/connected-accounts')).data.data.map((a: { provider: string }) => a.provider);
    expect(providers).toEqual(['github', 'google']);
    const viaGoogle = browser(example.url);
    await socialSignIn(viaGoogle, signInWith('google'), atGoogle(LEE_AT_GOOGLE.sub));
    expect((await viaGoogle.http.get('/api/user')).data.email).toBe('kilo@beats.example');
  });

  it('cookie only: a guest gets 401 from Account Settings, an unlink with a mismatched X-XSRF-TOKEN 419, and there is no token exchange', async () => {
    const guest = browser(example.url);
    expect((await guest.http.get('/user/connected-accounts')).status).toBe(401);
    const client = browser(example.url);
    await socialSignIn(client, signInWith('github'), atGithub(901));
    const account = (await client.http.get('/user/connected-accounts')).data.data[0] as { id: number };
    expect((await client.http.delete(`/user/connected-accounts/${account.id}`, { headers: { 'X-XSRF-TOKEN': 'forged' } })).status).toBe(419);
    expect((await client.http.post('/api/auth/github/token', { code: 'x', code_verifier: 'y', redirect_uri: 'z', device_name: 'phone' })).status).toBe(404);
  });

  it('a cancelled sign-in and a redirect_to off the BeatPass domains come back as errors, never a session', async () => {
    const denied = browser(example.url);
    expect((await socialSignIn(denied, signInWith('github'), atGithub(null))).searchParams.get('error')).toBe('access_denied');
    expect((await denied.http.get('/api/user')).status).toBe(401);
    const offsite = await browser(example.url).http.get(signInWith('github', 'https://evil.example/'), { maxRedirects: 0 });
    expect(offsite.status).toBe(422);
    expect(offsite.data.errors.redirect_to).toHaveLength(1);
  });
});
