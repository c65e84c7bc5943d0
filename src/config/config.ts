import { join } from 'node:path';
import { parseAppKey } from '../common/crypto';
import { parseByteSize } from '../common/byte-size';
import { parseBooleanEnv, parsePositiveInt } from '../common/duration';
import { parseThrottleSpec } from './rate-limits';
import { parseStatefulDomains } from './stateful-domains';
import { socialProvidersFromEnv } from './social-config';
import { defaultPasskeyOrigins, parsePasskeyOrigins, parseRpId, PASSKEY_OPTIONS_LIMITER } from './passkey-config';
import { checkedGroupFilter, checkedUserFilter, guidFormatOf, LdapConfig, parseLdapAttributes, parseLdapGroupRoles } from './ldap-config';
import { parseTrustProxy } from '../common/trust-proxy';
import { resolveAppKey } from './app-key';
import { AppConfig, SameSite } from './config.types';

export type Env = Record<string, string | undefined>;

/** The process environment: the one place outside tests that reads `process.env` (a lint rule keeps it so). */
export function readEnv(): Env {
  return process.env;
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Laravel's `throttle:api`: 60 per minute. */
const DEFAULT_API_LIMIT = { maxAttempts: 60, decaySeconds: 60 };
/** Each passkey options answer stores a challenge: a guest may not make the server write without bound. */
const DEFAULT_PASSKEY_OPTIONS_LIMIT = { maxAttempts: 30, decaySeconds: 60 };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Collects every problem instead of stopping at the first, so an operator fixes the
 * environment in one pass.
 */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined ? undefined : value.trim();
  }
  str(name: string, fallback: string): string {
    const value = this.raw(name);
    return value === undefined || value === '' ? fallback : value;
  }
  optional(name: string): string | null {
    const value = this.raw(name);
    return value ? value : null;
  }
  attempt<T>(fallback: T, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      this.problems.push((error as Error).message);
      return fallback;
    }
  }
  int(name: string, fallback: number, min = 1, max?: number): number {
    return this.attempt(fallback, () => parsePositiveInt(name, this.raw(name) || undefined, fallback, { min, max }));
  }
  bool(name: string, fallback: boolean): boolean {
    return this.attempt(fallback, () => parseBooleanEnv(name, this.raw(name) || undefined, fallback));
  }
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.str(name, fallback).toLowerCase() as T;
    if (allowed.includes(value)) return value;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }
  url(name: string, fallback: string | null, protocols: string[]): string | null {
    const value = this.optional(name) ?? fallback;
    if (value === null) return null;
    try {
      const parsed = new URL(value);
      if (protocols.includes(parsed.protocol)) return value.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${value}"`);
    return fallback;
  }
}

/** Builds the validated configuration. Throws ConfigError naming each invalid variable. */
export function loadConfig(env: Env = readEnv()): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.str('NODE_ENV', 'development');
  const isProduction = nodeEnv === 'production';
  const port = r.int('PORT', 3000, 0, 65535);
  const localUrl = `http://localhost:${port || 3000}`;
  const appUrl = r.url('APP_URL', localUrl, ['http:', 'https:']) ?? localUrl;
  // The SPA that mails link to and the verification link redirects back to; without one, this server.
  const frontend = r.url('FRONTEND_URL', null, ['http:', 'https:']);
  const frontendUrl = frontend ?? appUrl;
  const authRoutePrefix = normalisePrefix(r.str('AUTH_ROUTE_PREFIX', ''));
  const dataDir = r.str('DATA_DIR', '.data');
  const expiration = r.raw('SANCTUM_EXPIRATION');
  const statefulDomains = parseStatefulDomains(env.SANCTUM_STATEFUL_DOMAINS, appUrl, isProduction);
  const appName = r.str('APP_NAME', 'Gatehouse');
  const passkeyOrigins = r.optional('PASSKEY_ORIGINS');
  const config: AppConfig = {
    nodeEnv,
    isProduction,
    port,
    host: r.str('HOST', '0.0.0.0'),
    webConcurrency: r.int('WEB_CONCURRENCY', 1, 1, 64),
    appName,
    appUrl,
    appKey: r.attempt(Buffer.alloc(0), () => appKeyFrom(r.optional('APP_KEY'), isProduction, dataDir)),
    databaseUrl: r.url('DATABASE_URL', null, ['postgres:', 'postgresql:']),
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
    dataDir,
    redisUrl: r.url('REDIS_URL', null, ['redis:', 'rediss:']),
    statefulDomains,
    sanctum: {
      expirationMinutes: expiration ? r.int('SANCTUM_EXPIRATION', 0, 1) : null,
      // Unset means our scanner-friendly default; an explicit empty string means Sanctum's (no prefix).
      tokenPrefix: env.SANCTUM_TOKEN_PREFIX === undefined ? 'gth_' : env.SANCTUM_TOKEN_PREFIX.trim(),
    },
    session: {
      cookie: r.str('SESSION_COOKIE', 'gatehouse_session'),
      lifetimeMinutes: r.int('SESSION_LIFETIME', 120, 1),
      rememberLifetimeDays: r.int('REMEMBER_LIFETIME_DAYS', 400, 1, 400),
      sameSite: r.oneOf<SameSite>('SESSION_SAME_SITE', ['lax', 'strict', 'none'], 'lax'),
      secure: r.bool('SESSION_SECURE_COOKIE', appUrl.startsWith('https:')),
      domain: r.optional('SESSION_DOMAIN'),
    },
    bcryptRounds: r.int('BCRYPT_ROUNDS', 12, 4, 31),
    bcryptConcurrency: r.int('BCRYPT_CONCURRENCY', 2, 1, 64),
    passwordTimeoutSeconds: r.int('PASSWORD_TIMEOUT', 10800, 1),
    login: { maxAttempts: r.int('LOGIN_MAX_ATTEMPTS', 5, 1), decaySeconds: r.int('LOGIN_DECAY_SECONDS', 60, 1) },
    register: { maxAttempts: r.int('REGISTER_MAX_ATTEMPTS', 20, 1), decaySeconds: r.int('REGISTER_DECAY_SECONDS', 3600, 1) },
    rateLimiters: {
      api: r.attempt(DEFAULT_API_LIMIT, () => parseThrottleSpec('RATE_LIMIT_API', r.raw('RATE_LIMIT_API'), DEFAULT_API_LIMIT)),
      [PASSKEY_OPTIONS_LIMITER]: {
        ...r.attempt(DEFAULT_PASSKEY_OPTIONS_LIMIT, () => parseThrottleSpec('RATE_LIMIT_PASSKEY_OPTIONS', r.raw('RATE_LIMIT_PASSKEY_OPTIONS'), DEFAULT_PASSKEY_OPTIONS_LIMIT)),
        by: 'ip',
      },
    },
    mail: {
      url: r.url('MAIL_URL', null, ['smtp:', 'smtps:']),
      from: r.str('MAIL_FROM', 'Gatehouse <no-reply@localhost>'),
    },
    resetPasswordUrl: r.url('RESET_PASSWORD_URL', defaultResetPasswordUrl(frontend, appUrl, authRoutePrefix), ['http:', 'https:']) ?? '',
    verifiedRedirectUrl: r.url('VERIFIED_REDIRECT_URL', frontendUrl, ['http:', 'https:']) ?? frontendUrl,
    mustVerifyEmail: r.bool('MUST_VERIFY_EMAIL', false),
    defaultRole: r.str('DEFAULT_ROLE', 'user'),
    superAdminRole: r.str('SUPER_ADMIN_ROLE', 'super-admin'),
    authRoutePrefix,
    apiPrefix: normalisePrefix(r.str('API_PREFIX', 'api')),
    trustProxy: r.attempt(false, () => parseTrustProxy('TRUST_PROXY', r.raw('TRUST_PROXY'))),
    bodyLimit: r.attempt(102400, () => byteSize('BODY_LIMIT', r.str('BODY_LIMIT', '100kb'))),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    // The OpenAPI document maps every route: public by default while developing, opt-in in production.
    docsEnabled: r.bool('DOCS_ENABLED', !isProduction),
    prune: {
      intervalMinutes: r.int('PRUNE_INTERVAL_MINUTES', 60, 0, 10_080),
      auditRetentionDays: r.int('AUDIT_RETENTION_DAYS', 90, 0),
    },
    social: {
      providers: r.attempt([], () => socialProvidersFromEnv(env, r.raw('OAUTH_PROVIDERS'))),
      timeoutMs: r.int('OAUTH_TIMEOUT_MS', 5000, 100, 120_000),
      defaultRedirectUrl: r.url('OAUTH_REDIRECT_URL', frontendUrl, ['http:', 'https:']) ?? frontendUrl,
      userJsonProviders: r.bool('OAUTH_USER_JSON_PROVIDERS', false),
    },
    passkeys: {
      rpId: r.attempt('localhost', () => parseRpId(r.str('PASSKEY_RP_ID', new URL(appUrl).hostname))),
      rpName: r.str('PASSKEY_RP_NAME', appName),
      origins: passkeyOrigins
        ? r.attempt([], () => parsePasskeyOrigins(passkeyOrigins))
        : defaultPasskeyOrigins(appUrl, statefulDomains, isProduction),
    },
    ldap: ldapFrom(r, env),
  };
  if (isProduction && !config.mail.url) {
    // Without SMTP, mails go to the log, and reset/verification links carry plain tokens.
    r.problems.push('MAIL_URL is required when NODE_ENV=production (without it mails, reset and verification links included, would go to the log)');
  }
  if (config.session.sameSite === 'none' && !config.session.secure) {
    r.problems.push('SESSION_SAME_SITE=none requires SESSION_SECURE_COOKIE=true (browsers drop such cookies)');
  }
  // The default role is created at start when missing: it must never be the one that passes every check.
  if (config.defaultRole === config.superAdminRole) {
    r.problems.push('DEFAULT_ROLE must differ from SUPER_ADMIN_ROLE (every new user would pass every check)');
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** LDAP sign-in is on when LDAP_URL is set; then the service account and base DN are required. */
function ldapFrom(r: Reader, env: Env): LdapConfig | null {
  const url = r.url('LDAP_URL', null, ['ldap:', 'ldaps:']);
  if (url === null) return null;
  const required = (name: string, value: string | null) => {
    if (value === null) r.problems.push(`${name} is required when LDAP_URL is set`);
    return value ?? '';
  };
  const guidAttribute = r.str('LDAP_GUID_ATTRIBUTE', 'entryUUID');
  const baseDn = required('LDAP_BASE_DN', r.optional('LDAP_BASE_DN'));
  const config: LdapConfig = {
    url,
    startTls: r.bool('LDAP_STARTTLS', false),
    caFile: r.optional('LDAP_CA_FILE'),
    connectTimeoutMs: r.int('LDAP_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    timeoutMs: r.int('LDAP_TIMEOUT_MS', 5000, 100, 120_000),
    bindDn: required('LDAP_BIND_DN', r.optional('LDAP_BIND_DN')),
    // Raw: a password may start or end with spaces.
    bindPassword: env.LDAP_BIND_PASSWORD ?? '',
    baseDn,
    userFilter: r.attempt('(uid={login})', () => checkedUserFilter(r.str('LDAP_USER_FILTER', '(|(uid={login})(mail={login}))'))),
    guidAttribute,
    guidFormat: guidFormatOf(guidAttribute),
    attributes: r.attempt({ name: 'cn', email: 'mail' }, () => parseLdapAttributes(r.raw('LDAP_ATTRIBUTES'))),
    groupFilter: r.attempt(null, () => checkedGroupFilter(r.optional('LDAP_GROUP_FILTER'))),
    groupBaseDn: r.str('LDAP_GROUP_BASE_DN', baseDn),
    groupRoles: r.attempt([], () => parseLdapGroupRoles(r.raw('LDAP_GROUP_ROLES'))),
  };
  if (!config.bindPassword) r.problems.push('LDAP_BIND_PASSWORD is required when LDAP_URL is set (an empty password is an anonymous bind)');
  if (config.startTls && url.startsWith('ldaps:')) r.problems.push('LDAP_STARTTLS applies to ldap:// URLs (ldaps:// is TLS already)');
  return config;
}

function byteSize(name: string, value: string): number {
  try {
    return parseByteSize(value);
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid byte size "[^"]*": /, '');
    throw new Error(`${name} must be a byte size such as 102400, 100kb or 1mb: ${reason}, got "${value}"`, { cause: error });
  }
}

function appKeyFrom(value: string | null, isProduction: boolean, dataDir: string): Buffer {
  if (value) {
    try {
      return parseAppKey(value);
    } catch (error) {
      throw new Error(`APP_KEY ${(error as Error).message}`, { cause: error });
    }
  }
  if (isProduction) throw new Error('APP_KEY is required when NODE_ENV=production (generate one: npm run cli -- key:generate)');
  const stored = resolveAppKey(dataDir);
  try {
    return parseAppKey(stored);
  } catch (error) {
    throw new Error(`APP_KEY (unset; read from ${join(dataDir, 'app-key')}) ${(error as Error).message}`, { cause: error });
  }
}

/** `/auth/` → `auth`; empty stays empty. Routes are mounted under `/<prefix>`. */
/** The SPA's page when there is a frontend, else the form this server serves (under its web route prefix). */
function defaultResetPasswordUrl(frontendUrl: string | null, appUrl: string, authRoutePrefix: string): string {
  if (frontendUrl) return `${frontendUrl}/reset-password`;
  return authRoutePrefix ? `${appUrl}/${authRoutePrefix}/reset-password` : `${appUrl}/reset-password`;
}

function normalisePrefix(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}
