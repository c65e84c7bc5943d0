import type { TrustProxy } from '../common/trust-proxy';
import type { RateLimiters } from './rate-limits';
import type { SocialConfig } from './social-config';
import type { PasskeyConfig } from './passkey-config';
import type { LdapConfig } from './ldap-config';

export type SameSite = 'lax' | 'strict' | 'none';

/** The one validated configuration object; built once from the environment by loadConfig(). */
export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  port: number;
  host: string;
  /** Worker processes of the standalone server (Node cluster) sharing the port; 1 = the server runs in-process. */
  webConcurrency: number;
  appName: string;
  appUrl: string;
  appKey: Buffer;
  databaseUrl: string | null;
  dbPoolSize: number;
  dataDir: string;
  redisUrl: string | null;
  statefulDomains: string[];
  sanctum: { expirationMinutes: number | null; tokenPrefix: string };
  session: {
    cookie: string;
    lifetimeMinutes: number;
    rememberLifetimeDays: number;
    sameSite: SameSite;
    secure: boolean;
    domain: string | null;
  };
  bcryptRounds: number;
  /** bcrypt hashes and comparisons allowed to run at once; the rest queue. */
  bcryptConcurrency: number;
  passwordTimeoutSeconds: number;
  login: { maxAttempts: number; decaySeconds: number };
  /** Registrations per client address (IPv6 by /64) per window, /register and /api/register together. */
  register: { maxAttempts: number; decaySeconds: number };
  /** Named limiters for `@RateLimit(name)` routes; `api` (RATE_LIMIT_API) always exists, a host may add more. */
  rateLimiters: RateLimiters;
  mail: { url: string | null; from: string };
  resetPasswordUrl: string;
  /** Where a browser that opened a verification link is sent, with `verified=1` (Fortify's `fortify.home`). */
  verifiedRedirectUrl: string;
  mustVerifyEmail: boolean;
  defaultRole: string;
  superAdminRole: string;
  authRoutePrefix: string;
  apiPrefix: string;
  trustProxy: TrustProxy;
  bodyLimit: number;
  logLevel: string;
  docsEnabled: boolean;
  /** In-server pruning of expired rows; 0 minutes = never scheduled, 0 days = audit events kept forever. */
  prune: { intervalMinutes: number; auditRetentionDays: number };
  /** Social login providers (OAUTH_PROVIDERS); none by default. */
  social: SocialConfig;
  /** Passkeys (WebAuthn): the relying party and its origins. */
  passkeys: PasskeyConfig;
  /** LDAP / Active Directory sign-in (LDAP_URL); null = off. */
  ldap: LdapConfig | null;
}
