import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Env } from '../../src/config/config';
import { startApp, TestApp } from '../support/app';
import { loginAtProvider, startGithubServer, startOidcProvider, TestGithubServer, TestOidcProvider } from '../../src/testing/social';
import { startSilentServer } from '../support/silent-server';
import type { SpaClient } from '../support/spa-client';

export const APP_URL = 'http://localhost:3000';
export const HOME = `${APP_URL}/dashboard`;
export const MOBILE_REDIRECT = `${APP_URL}/mobile/callback`;
export const WEB_CLIENT = { client_id: 'gatehouse-web', client_secret: 'web-secret-0123456789' };
export const IOS_CLIENT_ID = 'gatehouse-ios';

export const ALICE = { sub: 'alice-sub', email: 'alice@corp.example', email_verified: true, name: 'Alice Corp' };
export const BOB = { sub: 'bob-sub', email: 'bob@corp.example', email_verified: true, name: 'Bob Corp' };
export const CAROL = { sub: 'carol-sub', email: 'carol@corp.example', email_verified: true, name: 'Carol Corp' };
export const DAVE = { sub: 'dave-sub', email: 'dave@corp.example', email_verified: true, name: 'Dave Corp' };
export const UNVERIFIED = { sub: 'eve-sub', email: 'eve@corp.example', email_verified: false, name: 'Eve' };

export interface SocialWorld {
  t: TestApp;
  oidc: TestOidcProvider;
  github: TestGithubServer;
  close(): Promise<void>;
}

/** The app with three providers: `corp` (a real OIDC provider), `github` (GitHub-shaped OAuth 2.0), `down` (hangs). */
export async function startSocialWorld(env: Env = {}): Promise<SocialWorld> {
  const oidc = await startOidcProvider(
    [{ ...WEB_CLIENT, redirect_uris: [`${APP_URL}/auth/corp/callback`, `${APP_URL}/auth/apple/callback`, MOBILE_REDIRECT] }],
    [ALICE, BOB, CAROL, DAVE, UNVERIFIED],
  );
  const github = await startGithubServer({ id: 'gh-client', secret: 'gh-secret' }, [
    { id: 4242, login: 'octo', name: 'Octo Cat', emails: [{ email: 'octo-other@example.com', primary: false, verified: true }, { email: 'octo@example.com', primary: true, verified: true }] },
    { id: 5151, login: 'ghost', name: null, emails: [{ email: 'ghost@example.com', primary: true, verified: false }] },
  ]);
  const silent = await startSilentServer();
  const t = await startApp({
    env: {
      APP_URL,
      OAUTH_PROVIDERS: 'corp,github,down',
      OAUTH_TIMEOUT_MS: '1000',
      OAUTH_REDIRECT_URL: HOME,
      OAUTH_CORP_LABEL: 'Corp SSO',
      OAUTH_CORP_ISSUER: oidc.issuer,
      OAUTH_CORP_CLIENT_ID: WEB_CLIENT.client_id,
      OAUTH_CORP_CLIENT_SECRET: WEB_CLIENT.client_secret,
      OAUTH_CORP_AUDIENCES: IOS_CLIENT_ID,
      OAUTH_GITHUB_CLIENT_ID: 'gh-client',
      OAUTH_GITHUB_CLIENT_SECRET: 'gh-secret',
      OAUTH_GITHUB_AUTHORIZE_URL: `${github.url}/login/oauth/authorize`,
      OAUTH_GITHUB_TOKEN_URL: `${github.url}/login/oauth/access_token`,
      OAUTH_GITHUB_USERINFO_URL: `${github.url}/user`,
      OAUTH_GITHUB_EMAILS_URL: `${github.url}/user/emails`,
      // Enabled only where a test lists `apple` in OAUTH_PROVIDERS: the Apple preset (form_post) at this provider.
      OAUTH_APPLE_ISSUER: oidc.issuer,
      OAUTH_APPLE_CLIENT_ID: WEB_CLIENT.client_id,
      OAUTH_APPLE_CLIENT_SECRET: WEB_CLIENT.client_secret,
      OAUTH_DOWN_ISSUER: silent.url,
      OAUTH_DOWN_CLIENT_ID: 'down-client',
      LOGIN_MAX_ATTEMPTS: '100',
      ...env,
    },
  });
  return {
    t,
    oidc,
    github,
    close: async () => {
      await t.close();
      await Promise.all([oidc.close(), github.close(), silent.close()]);
    },
  };
}

/** A URL on APP_URL (where the provider sends the browser) as a path on the test server. */
export const pathOf = (url: URL | string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

export interface SocialRoundTrip {
  /** Our answer to the redirect route: 302 to the provider. */
  providerUrl: string;
  /** Where the provider sent the browser back (our callback, with code and state). */
  callbackUrl: URL;
  /** Our callback's answer: 302 to `redirect_to` (with `error=` on failure). */
  location: URL;
  status: number;
}

/** The SPA's whole round trip through the OIDC provider, as a browser would, with the client's cookie jar. */
export async function oidcRoundTrip(
  world: SocialWorld,
  client: SpaClient,
  choice: { sub: string } | 'deny',
  options: { start?: string; editProviderUrl?: (url: URL) => void; editCallback?: (url: URL) => void } = {},
): Promise<SocialRoundTrip> {
  const start = await client.http.get(options.start ?? `/auth/corp/redirect?redirect_to=${encodeURIComponent(HOME)}`, { maxRedirects: 0 });
  if (start.status !== 302) throw new Error(`redirect route answered ${start.status}: ${JSON.stringify(start.data)}`);
  const providerUrl = new URL(start.headers.location as string);
  options.editProviderUrl?.(providerUrl);
  const callbackUrl = await loginAtProvider(world.oidc.issuer, providerUrl.toString(), choice);
  options.editCallback?.(callbackUrl);
  const callback = await client.http.get(pathOf(callbackUrl), { maxRedirects: 0 });
  return { providerUrl: providerUrl.toString(), callbackUrl, location: new URL(callback.headers.location as string), status: callback.status };
}

/** The same through the GitHub-shaped server, signed in there as `githubUserId` (null: the user denies). */
export async function githubRoundTrip(world: SocialWorld, client: SpaClient, githubUserId: number | null): Promise<SocialRoundTrip> {
  world.github.signedInAs = githubUserId;
  const start = await client.http.get(`/auth/github/redirect?redirect_to=${encodeURIComponent(HOME)}`, { maxRedirects: 0 });
  if (start.status !== 302) throw new Error(`redirect route answered ${start.status}`);
  const providerUrl = start.headers.location as string;
  const authorize = await fetch(providerUrl, { redirect: 'manual' });
  const callbackUrl = new URL(authorize.headers.get('location') ?? '');
  const callback = await client.http.get(pathOf(callbackUrl), { maxRedirects: 0 });
  return { providerUrl, callbackUrl, location: new URL(callback.headers.location as string), status: callback.status };
}

/** An id_token as the provider would sign it (its own key), with claims a test chooses. */
export async function mintIdToken(world: SocialWorld, claims: Record<string, unknown>, options: { foreignKey?: boolean; expiresIn?: string | number } = {}): Promise<string> {
  const key = options.foreignKey ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : world.oidc.signingKey;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: world.oidc.kid })
    .setIssuer(world.oidc.issuer)
    .setAudience((claims.aud as string | undefined) ?? IOS_CLIENT_ID)
    .setIssuedAt(typeof options.expiresIn === 'number' ? options.expiresIn - 600 : undefined)
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);
}

export async function auditEvents(t: TestApp, event: string): Promise<Array<{ user_id: number | null; metadata: Record<string, unknown> }>> {
  const { rows } = await t.db.query('SELECT user_id, metadata FROM audit_events WHERE event = $1 ORDER BY id', [event]);
  return rows as Array<{ user_id: number | null; metadata: Record<string, unknown> }>;
}
