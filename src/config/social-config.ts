import type { Env } from './config';

/** OpenID Connect (discovery, JWKS, id_token) or plain OAuth 2.0 (authorize, token, user-info endpoints). */
export type SocialProviderKind = 'oidc' | 'oauth2';

/** One login provider, fully resolved (a preset's URLs and scopes, then the operator's values). */
export interface SocialProviderConfig {
  /** The route segment (`/auth/{name}/redirect`) and the `provider` of a linked account. */
  name: string;
  kind: SocialProviderKind;
  /** What a "Sign in with …" button shows. */
  label: string;
  clientId: string;
  clientSecret: string | null;
  /** OIDC: the issuer whose `/.well-known/openid-configuration` is read. */
  issuer: string | null;
  /** OAuth 2.0: the endpoints (OIDC reads them from discovery). */
  authorizationUrl: string | null;
  tokenUrl: string | null;
  userInfoUrl: string | null;
  /** GitHub's `/user/emails`: where a verified address comes from when the profile has none. */
  emailsUrl: string | null;
  scopes: string[];
  /** Other client ids whose `id_token`s `POST /api/auth/{name}/token` accepts (a native app's own client). */
  audiences: string[];
  /** Link an unknown identity to the account of the same verified email (only for providers that own their emails). */
  trusted: boolean;
  /** Keep the provider's access and refresh tokens (encrypted with APP_KEY); default false. */
  storeTokens: boolean;
  /**
   * How the provider returns the browser: `query` (a redirect to the callback), or `form_post` (an auto-submitted
   * cross-site POST to the callback, as Apple does; it is turned into the GET callback, see the controller).
   */
  responseMode: SocialResponseMode;
}

export type SocialResponseMode = 'query' | 'form_post';

export interface SocialConfig {
  providers: SocialProviderConfig[];
  /** Every provider call (discovery, token, user-info, JWKS) gives up after this long. */
  timeoutMs: number;
  /** Where the SPA flow returns when the redirect route came without `redirect_to`. */
  defaultRedirectUrl: string;
  /** The default user JSON carries `linked_providers` (the names of the user's linked providers); default false. */
  userJsonProviders: boolean;
}

type Preset = Pick<SocialProviderConfig, 'kind' | 'label' | 'issuer' | 'authorizationUrl' | 'tokenUrl' | 'userInfoUrl' | 'emailsUrl' | 'scopes'> &
  Partial<Pick<SocialProviderConfig, 'responseMode'>>;

const OIDC_SCOPES = ['openid', 'email', 'profile'];
const oidc = (label: string, issuer: string, scopes = OIDC_SCOPES): Preset => ({
  kind: 'oidc', label, issuer, authorizationUrl: null, tokenUrl: null, userInfoUrl: null, emailsUrl: null, scopes,
});

/** Only URLs and scopes differ between the well-known providers. */
export const SOCIAL_PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  github: {
    kind: 'oauth2',
    label: 'GitHub',
    issuer: null,
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    userInfoUrl: 'https://api.github.com/user',
    emailsUrl: 'https://api.github.com/user/emails',
    scopes: ['read:user', 'user:email'],
  },
  google: oidc('Google', 'https://accounts.google.com'),
  // A single-tenant issuer (OAUTH_MICROSOFT_ISSUER) for work accounts: `common` has no fixed issuer to check.
  microsoft: oidc('Microsoft', 'https://login.microsoftonline.com/consumers/v2.0'),
  // Apple answers scoped requests only by form_post.
  apple: { ...oidc('Apple', 'https://appleid.apple.com', ['openid', 'email']), responseMode: 'form_post' },
  gitlab: oidc('GitLab', 'https://gitlab.com'),
});

export type SocialProviderInput = Partial<Omit<SocialProviderConfig, 'name' | 'clientId'>> & {
  name: string;
  clientId: string;
  /** A key of SOCIAL_PRESETS; default: the name when it is one. */
  preset?: string;
};

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or plain http on a loopback address (local development and tests, whatever NODE_ENV says). */
export function providerUrlProblem(label: string, value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return null;
  } catch {
    // reported below
  }
  return `${label} must be an https URL (plain http only on a loopback address), got "${value}"`;
}

/** A provider from a preset and the host's values; throws naming what is wrong. */
export function socialProvider(input: SocialProviderInput): SocialProviderConfig {
  const presetName = input.preset ?? (Object.hasOwn(SOCIAL_PRESETS, input.name) ? input.name : undefined);
  const preset = presetName === undefined ? undefined : SOCIAL_PRESETS[presetName];
  if (presetName !== undefined && !preset) throw new Error(`social provider ${input.name}: unknown preset "${presetName}"`);
  const { preset: _preset, ...given } = input;
  const provider: SocialProviderConfig = {
    kind: 'oidc', label: input.name, issuer: null, authorizationUrl: null, tokenUrl: null, userInfoUrl: null, emailsUrl: null,
    scopes: OIDC_SCOPES, clientSecret: null, audiences: [], trusted: false, storeTokens: false, responseMode: 'query',
    ...preset,
    ...definedOnly(given),
    name: input.name,
    clientId: input.clientId,
  };
  const problems = providerProblems(provider);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return Object.freeze(provider);
}

function providerProblems(p: SocialProviderConfig): string[] {
  const problems: string[] = [];
  const label = `social provider ${p.name}`;
  if (!NAME.test(p.name)) problems.push(`${label}: the name must be lower-case letters, digits and dashes`);
  if (!p.clientId) problems.push(`${label}: a client id is required`);
  if (p.responseMode !== 'query' && p.responseMode !== 'form_post') problems.push(`${label}: the response mode must be query or form_post`);
  const urls = p.kind === 'oidc' ? { issuer: p.issuer } : { authorizationUrl: p.authorizationUrl, tokenUrl: p.tokenUrl, userInfoUrl: p.userInfoUrl };
  for (const [key, value] of Object.entries(urls)) if (!value) problems.push(`${label}: ${key} is required`);
  for (const [key, value] of Object.entries({ ...urls, emailsUrl: p.emailsUrl })) {
    const problem = providerUrlProblem(`${label}: ${key}`, value ?? null);
    if (problem) problems.push(problem);
  }
  return problems;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const list = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter((item) => item !== '');

/** `OAUTH_PROVIDERS=github,corp` with `OAUTH_<NAME>_*` for each; throws naming every bad provider. */
export function socialProvidersFromEnv(env: Env, names: string | undefined): SocialProviderConfig[] {
  const problems: string[] = [];
  const providers: SocialProviderConfig[] = [];
  for (const name of list(names).map((n) => n.toLowerCase())) {
    try {
      providers.push(socialProvider(providerInputFromEnv(env, name)));
    } catch (error) {
      problems.push(`OAUTH_PROVIDERS: ${(error as Error).message}`);
    }
  }
  if (new Set(providers.map((p) => p.name)).size !== providers.length) problems.push('OAUTH_PROVIDERS names a provider twice');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return providers;
}

function providerInputFromEnv(env: Env, name: string): SocialProviderInput {
  const prefix = `OAUTH_${name.toUpperCase().replace(/-/g, '_')}_`;
  const value = (key: string) => {
    const raw = env[prefix + key]?.trim();
    return raw ? raw : undefined;
  };
  const flag = (key: string) => (value(key) === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value(key)!.toLowerCase()));
  const kind = value('KIND');
  if (kind !== undefined && kind !== 'oidc' && kind !== 'oauth2') throw new Error(`${prefix}KIND must be oidc or oauth2`);
  const responseMode = value('RESPONSE_MODE');
  if (responseMode !== undefined && responseMode !== 'query' && responseMode !== 'form_post') throw new Error(`${prefix}RESPONSE_MODE must be query or form_post`);
  return {
    name,
    preset: value('PRESET'),
    kind,
    label: value('LABEL'),
    clientId: value('CLIENT_ID') ?? '',
    clientSecret: value('CLIENT_SECRET'),
    issuer: value('ISSUER'),
    authorizationUrl: value('AUTHORIZE_URL'),
    tokenUrl: value('TOKEN_URL'),
    userInfoUrl: value('USERINFO_URL'),
    emailsUrl: value('EMAILS_URL'),
    scopes: value('SCOPES') === undefined ? undefined : list(value('SCOPES')),
    audiences: value('AUDIENCES') === undefined ? undefined : list(value('AUDIENCES')),
    trusted: flag('TRUSTED'),
    storeTokens: flag('STORE_TOKENS'),
    responseMode,
  };
}
