import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { SocialProviderConfig } from '../config/social-config';
import { classifyProviderError, SocialLoginError } from './social-error';
import { identityFromClaims, identityFromGithubProfile, IdentityTokens, SocialIdentity } from './social-identity';

/** What the redirect step keeps (in the sealed flow cookie) for the callback to check. */
export interface FlowSecrets {
  state: string;
  codeVerifier: string;
  nonce: string | null;
}

const isLoopbackHttp = (url: string) => new URL(url).protocol === 'http:';

/**
 * One provider, spoken to only through openid-client (and jose for a native SDK's id_token): it checks state,
 * PKCE, and the id_token's signature (JWKS), iss, aud, exp and nonce. Every call has the configured timeout.
 */
export class SocialClient {
  private configuration: Promise<oidc.Configuration> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(
    readonly provider: SocialProviderConfig,
    private readonly timeoutMs: number,
  ) {}

  async authorizationUrl(redirectUri: string): Promise<{ url: URL; secrets: FlowSecrets }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const secrets: FlowSecrets = { state: oidc.randomState(), codeVerifier, nonce: this.provider.kind === 'oidc' ? oidc.randomNonce() : null };
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: this.provider.scopes.join(' '),
      state: secrets.state,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    };
    if (secrets.nonce) parameters.nonce = secrets.nonce;
    if (this.provider.responseMode === 'form_post') parameters.response_mode = 'form_post';
    return { url: oidc.buildAuthorizationUrl(config, parameters), secrets };
  }

  /** The browser's return: `callbackUrl` is the full callback URL with the provider's query. */
  async completeCallback(callbackUrl: URL, secrets: FlowSecrets): Promise<SocialIdentity> {
    return this.guard(async () => {
      const config = await this.config();
      const checks = { pkceCodeVerifier: secrets.codeVerifier, expectedState: secrets.state, ...this.nonceCheck(secrets.nonce) };
      return this.identityFrom(config, await oidc.authorizationCodeGrant(config, callbackUrl, checks));
    });
  }

  /** A mobile app's in-app PKCE flow: its code, verifier and redirect URI (and nonce, when it sent one). */
  async exchangeCode(code: string, codeVerifier: string, redirectUri: string, nonce: string | null): Promise<SocialIdentity> {
    return this.guard(async () => {
      const config = await this.config();
      const current = new URL(redirectUri);
      // The app received the code (and, per RFC 9207, the issuer) itself; this is the response it got.
      const iss: Record<string, string> = config.serverMetadata().authorization_response_iss_parameter_supported ? { iss: config.serverMetadata().issuer } : {};
      current.search = new URLSearchParams({ code, ...iss }).toString();
      const checks = { pkceCodeVerifier: codeVerifier, ...this.nonceCheck(nonce) };
      return this.identityFrom(config, await oidc.authorizationCodeGrant(config, current, checks, { redirect_uri: redirectUri }));
    });
  }

  /** A native SDK's id_token: signature by the issuer's JWKS, iss, exp, aud among our client ids, nonce when given. */
  async verifyIdToken(idToken: string, nonce: string | null): Promise<SocialIdentity> {
    if (this.provider.kind !== 'oidc') throw new SocialLoginError('invalid_token', 'id_token for an OAuth 2.0 provider');
    return this.guard(async () => {
      const server = (await this.config()).serverMetadata();
      if (!server.jwks_uri) throw new SocialLoginError('provider_error', 'no jwks_uri');
      this.jwks ??= createRemoteJWKSet(new URL(server.jwks_uri), { timeoutDuration: this.timeoutMs });
      const { payload } = await jwtVerify(idToken, this.jwks, {
        issuer: server.issuer,
        audience: [this.provider.clientId, ...this.provider.audiences],
        clockTolerance: 5,
      });
      if (nonce !== null && payload.nonce !== nonce) throw new SocialLoginError('invalid_token', 'nonce mismatch');
      return identityFromClaims(this.provider.name, payload, null);
    });
  }

  private nonceCheck(nonce: string | null): Partial<oidc.AuthorizationCodeGrantChecks> {
    if (this.provider.kind !== 'oidc') return {};
    return nonce ? { expectedNonce: nonce } : { idTokenExpected: true };
  }

  private async identityFrom(config: oidc.Configuration, tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): Promise<SocialIdentity> {
    const kept: IdentityTokens = { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null };
    if (this.provider.kind === 'oidc') {
      const claims = tokens.claims() as Record<string, unknown> | undefined;
      if (!claims) throw new SocialLoginError('invalid_token', 'no id_token');
      // Many providers put the email in user-info only; the subject must match the id_token's.
      const full = claims.email ? claims : { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
      return identityFromClaims(this.provider.name, full, kept);
    }
    const profile = await this.getJson(config, tokens.access_token, this.provider.userInfoUrl!);
    const emails = this.provider.emailsUrl ? await this.getJson(config, tokens.access_token, this.provider.emailsUrl) : [];
    return identityFromGithubProfile(this.provider.name, profile as Record<string, unknown>, emails, kept);
  }

  private async getJson(config: oidc.Configuration, accessToken: string, url: string): Promise<unknown> {
    const headers = new Headers({ accept: 'application/json', 'user-agent': 'gatehouse' });
    const response = await oidc.fetchProtectedResource(config, accessToken, new URL(url), 'GET', undefined, headers);
    if (!response.ok) throw new SocialLoginError('provider_error', `user-info ${response.status}`);
    const body: unknown = await response.json();
    if (!body || typeof body !== 'object') throw new SocialLoginError('provider_error', 'user-info not an object');
    return body;
  }

  private async guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw classifyProviderError(error);
    }
  }

  /** Discovery once (a failure is not cached, so a provider that was down is retried on the next login). */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.build().catch((error: unknown) => {
      this.configuration = null;
      throw classifyProviderError(error);
    });
    return this.configuration;
  }

  private async build(): Promise<oidc.Configuration> {
    const p = this.provider;
    const auth = p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None();
    const timeout = this.timeoutMs / 1000;
    if (p.kind === 'oidc') {
      const execute = isLoopbackHttp(p.issuer!) ? [oidc.allowInsecureRequests] : [];
      return oidc.discovery(new URL(p.issuer!), p.clientId, undefined, auth, { execute, timeout });
    }
    const server = { issuer: new URL(p.authorizationUrl!).origin, authorization_endpoint: p.authorizationUrl!, token_endpoint: p.tokenUrl! };
    const config = new oidc.Configuration(server, p.clientId, undefined, auth);
    config.timeout = timeout;
    if ([p.authorizationUrl!, p.tokenUrl!, p.userInfoUrl!].some(isLoopbackHttp)) oidc.allowInsecureRequests(config);
    return config;
  }
}
