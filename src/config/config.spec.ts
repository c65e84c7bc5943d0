import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAppKey, parseAppKey } from '../common/crypto';
import { ConfigError, Env, loadConfig } from './config';

const KEY = 'base64:' + Buffer.alloc(32, 7).toString('base64');
const MAIL = 'smtp://mail.example.com:587';

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'gh-config-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** A minimal environment: only DATA_DIR, so nothing is written into the working directory. */
const load = (env: Env = {}) => loadConfig({ DATA_DIR: dataDir, ...env });

/** The problems reported for `env`, or fails the test if it loaded. */
function problems(env: Env): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults (docs/http-contract.md §9.2)', () => {
  it('gives every variable its documented default', () => {
    const config = load({ APP_KEY: KEY });
    expect(config).toEqual({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      host: '0.0.0.0',
      webConcurrency: 1,
      appName: 'Gatehouse',
      appUrl: 'http://localhost:3000',
      appKey: parseAppKey(KEY),
      databaseUrl: null,
      dbPoolSize: 10,
      dataDir,
      redisUrl: null,
      statefulDomains: ['localhost', 'localhost:3000', '127.0.0.1', '127.0.0.1:8000', '::1'],
      sanctum: { expirationMinutes: null, tokenPrefix: 'gth_' },
      session: {
        cookie: 'gatehouse_session',
        lifetimeMinutes: 120,
        rememberLifetimeDays: 400,
        sameSite: 'lax',
        secure: false,
        domain: null,
      },
      bcryptRounds: 12,
      bcryptConcurrency: 2,
      passwordTimeoutSeconds: 10800,
      login: { maxAttempts: 5, decaySeconds: 60 },
      register: { maxAttempts: 20, decaySeconds: 3600 },
      rateLimiters: { api: { maxAttempts: 60, decaySeconds: 60 }, 'passkey-options': { maxAttempts: 30, decaySeconds: 60, by: 'ip' } },
      mail: { url: null, from: 'Gatehouse <no-reply@localhost>' },
      resetPasswordUrl: 'http://localhost:3000/reset-password',
      verifiedRedirectUrl: 'http://localhost:3000',
      mustVerifyEmail: false,
      defaultRole: 'user',
      superAdminRole: 'super-admin',
      authRoutePrefix: '',
      apiPrefix: 'api',
      trustProxy: false,
      bodyLimit: 100 * 1024,
      logLevel: 'info',
      docsEnabled: true,
      prune: { intervalMinutes: 60, auditRetentionDays: 90 },
      social: { providers: [], timeoutMs: 5000, defaultRedirectUrl: 'http://localhost:3000', userJsonProviders: false },
      passkeys: { rpId: 'localhost', rpName: 'Gatehouse', origins: expect.arrayContaining(['http://localhost:3000', 'https://localhost']) },
      ldap: null,
    });
  });

  it('uses .data as the default DATA_DIR', () => {
    expect(loadConfig({ APP_KEY: KEY }).dataDir).toBe('.data');
  });

  it('treats blank values as unset', () => {
    const config = load({ APP_KEY: KEY, PORT: '', BCRYPT_ROUNDS: '  ', SESSION_SECURE_COOKIE: '', DATABASE_URL: '', LOG_LEVEL: '' });
    expect(config).toMatchObject({ port: 3000, bcryptRounds: 12, databaseUrl: null, logLevel: 'info' });
    expect(config.session.secure).toBe(false);
  });

  it('derives what depends on APP_URL: stateful domains, secure cookies, the reset link', () => {
    const config = load({ APP_KEY: KEY, APP_URL: 'https://auth.example.com/' });
    expect(config.appUrl).toBe('https://auth.example.com');
    expect(config.statefulDomains).toContain('auth.example.com');
    expect(config.session.secure).toBe(true);
    expect(config.resetPasswordUrl).toBe('https://auth.example.com/reset-password');
    expect(config.verifiedRedirectUrl).toBe('https://auth.example.com');
  });

  it('APP_URL follows PORT when unset (the address a local server really answers on)', () => {
    const config = load({ APP_KEY: KEY, PORT: '4300' });
    expect(config.appUrl).toBe('http://localhost:4300');
    expect(config.statefulDomains).toContain('localhost:4300');
    expect(config.resetPasswordUrl).toBe('http://localhost:4300/reset-password');
    expect(load({ APP_KEY: KEY, PORT: '0' }).appUrl).toBe('http://localhost:3000');
  });

  it('FRONTEND_URL is where the reset link and the verified redirect point unless each is set', () => {
    const spa = load({ APP_KEY: KEY, APP_URL: 'https://auth.example.com', FRONTEND_URL: 'https://app.example.com/' });
    expect(spa).toMatchObject({
      appUrl: 'https://auth.example.com',
      resetPasswordUrl: 'https://app.example.com/reset-password',
      verifiedRedirectUrl: 'https://app.example.com',
    });
    const both = load({
      APP_KEY: KEY,
      FRONTEND_URL: 'https://app.example.com',
      RESET_PASSWORD_URL: 'https://app.example.com/password-reset',
      VERIFIED_REDIRECT_URL: 'https://app.example.com/dashboard?tab=1',
    });
    expect(both).toMatchObject({ resetPasswordUrl: 'https://app.example.com/password-reset', verifiedRedirectUrl: 'https://app.example.com/dashboard?tab=1' });
  });

  it('without FRONTEND_URL the reset link opens the form this server serves, under AUTH_ROUTE_PREFIX', () => {
    const prefixed = load({ APP_KEY: KEY, APP_URL: 'https://auth.example.com', AUTH_ROUTE_PREFIX: '/auth/' });
    expect(prefixed.resetPasswordUrl).toBe('https://auth.example.com/auth/reset-password');
    // A frontend has its own page: the prefix of our routes is none of its business.
    const spa = load({ APP_KEY: KEY, APP_URL: 'https://auth.example.com', AUTH_ROUTE_PREFIX: 'auth', FRONTEND_URL: 'https://app.example.com' });
    expect(spa.resetPasswordUrl).toBe('https://app.example.com/reset-password');
  });

  it('rejects a FRONTEND_URL or VERIFIED_REDIRECT_URL that is no http(s) URL, naming both', () => {
    expect(() => load({ APP_KEY: KEY, FRONTEND_URL: 'app.example.com', VERIFIED_REDIRECT_URL: 'javascript:alert(1)' })).toThrow(
      /FRONTEND_URL must be a http: or https: URL[\s\S]*VERIFIED_REDIRECT_URL must be a http: or https: URL/,
    );
  });
});

describe('loadConfig reads every variable', () => {
  it('takes explicit values', () => {
    const config = load({
      APP_KEY: KEY,
      NODE_ENV: 'staging',
      PORT: '8080',
      HOST: '127.0.0.1',
      APP_NAME: 'Acme',
      APP_URL: 'http://acme.test:8080',
      DATABASE_URL: 'postgresql://u:p@db:5432/gate',
      DB_POOL_SIZE: '25',
      REDIS_URL: 'redis://cache:6379/1',
      SANCTUM_STATEFUL_DOMAINS: ' spa.acme.test , *.acme.test:5173 ,',
      SANCTUM_EXPIRATION: '525600',
      SANCTUM_TOKEN_PREFIX: 'acme_',
      SESSION_COOKIE: 'acme_session',
      SESSION_LIFETIME: '30',
      REMEMBER_LIFETIME_DAYS: '14',
      SESSION_SAME_SITE: 'Strict',
      SESSION_SECURE_COOKIE: 'yes',
      SESSION_DOMAIN: '.acme.test',
      BCRYPT_ROUNDS: '10',
      PASSWORD_TIMEOUT: '900',
      LOGIN_MAX_ATTEMPTS: '3',
      LOGIN_DECAY_SECONDS: '120',
      BCRYPT_CONCURRENCY: '4',
      REGISTER_MAX_ATTEMPTS: '50',
      REGISTER_DECAY_SECONDS: '600',
      RATE_LIMIT_API: '100, 5',
      MAIL_URL: 'smtp://mail:1025',
      MAIL_FROM: 'Acme <auth@acme.test>',
      RESET_PASSWORD_URL: 'https://spa.acme.test/reset/',
      FRONTEND_URL: 'https://spa.acme.test',
      VERIFIED_REDIRECT_URL: 'https://spa.acme.test/home',
      MUST_VERIFY_EMAIL: 'true',
      DEFAULT_ROLE: 'member',
      SUPER_ADMIN_ROLE: 'root',
      AUTH_ROUTE_PREFIX: '/auth/',
      API_PREFIX: '/v1/',
      TRUST_PROXY: '1',
      BODY_LIMIT: '1mb',
      LOG_LEVEL: 'DEBUG',
      WEB_CONCURRENCY: '2',
    });
    expect(config).toMatchObject({
      nodeEnv: 'staging',
      isProduction: false,
      port: 8080,
      host: '127.0.0.1',
      webConcurrency: 2,
      appName: 'Acme',
      appUrl: 'http://acme.test:8080',
      databaseUrl: 'postgresql://u:p@db:5432/gate',
      dbPoolSize: 25,
      redisUrl: 'redis://cache:6379/1',
      statefulDomains: ['spa.acme.test', '*.acme.test:5173'],
      sanctum: { expirationMinutes: 525600, tokenPrefix: 'acme_' },
      session: { cookie: 'acme_session', lifetimeMinutes: 30, rememberLifetimeDays: 14, sameSite: 'strict', secure: true, domain: '.acme.test' },
      bcryptRounds: 10,
      passwordTimeoutSeconds: 900,
      login: { maxAttempts: 3, decaySeconds: 120 },
      bcryptConcurrency: 4,
      register: { maxAttempts: 50, decaySeconds: 600 },
      rateLimiters: { api: { maxAttempts: 100, decaySeconds: 300 } },
      mail: { url: 'smtp://mail:1025', from: 'Acme <auth@acme.test>' },
      resetPasswordUrl: 'https://spa.acme.test/reset',
      verifiedRedirectUrl: 'https://spa.acme.test/home',
      mustVerifyEmail: true,
      defaultRole: 'member',
      superAdminRole: 'root',
      authRoutePrefix: 'auth',
      apiPrefix: 'v1',
      trustProxy: 1,
      bodyLimit: 1024 * 1024,
      logLevel: 'debug',
    });
  });

  it('SANCTUM_TOKEN_PREFIX set to the empty string means no prefix (§10.16)', () => {
    expect(load({ APP_KEY: KEY, SANCTUM_TOKEN_PREFIX: '' }).sanctum.tokenPrefix).toBe('');
  });

  it('SANCTUM_STATEFUL_DOMAINS set to the empty string lists nothing', () => {
    expect(load({ APP_KEY: KEY, SANCTUM_STATEFUL_DOMAINS: '' }).statefulDomains).toEqual([]);
  });

  it('BODY_LIMIT takes plain bytes too (§10.15)', () => {
    expect(load({ APP_KEY: KEY, BODY_LIMIT: '2048' }).bodyLimit).toBe(2048);
  });
});

describe('loadConfig rejects invalid values with a message naming the variable', () => {
  it.each([
    ['PORT', 'abc', /^PORT must be an integer between 0 and 65535, got "abc"$/],
    ['PORT', '70000', /^PORT must be an integer between 0 and 65535/],
    ['DB_POOL_SIZE', '0', /^DB_POOL_SIZE must be an integer between 1 and 200/],
    ['BCRYPT_ROUNDS', '3', /^BCRYPT_ROUNDS must be an integer between 4 and 31/],
    ['BCRYPT_ROUNDS', '12.5', /^BCRYPT_ROUNDS must be an integer/],
    ['SESSION_LIFETIME', '-5', /^SESSION_LIFETIME must be an integer of at least 1/],
    ['REMEMBER_LIFETIME_DAYS', '401', /^REMEMBER_LIFETIME_DAYS must be an integer between 1 and 400/],
    ['PASSWORD_TIMEOUT', 'soon', /^PASSWORD_TIMEOUT must be an integer/],
    ['LOGIN_MAX_ATTEMPTS', '0', /^LOGIN_MAX_ATTEMPTS must be an integer/],
    ['LOGIN_DECAY_SECONDS', '1e3', /^LOGIN_DECAY_SECONDS must be an integer/],
    ['BCRYPT_CONCURRENCY', '0', /^BCRYPT_CONCURRENCY must be an integer between 1 and 64/],
    ['REGISTER_MAX_ATTEMPTS', 'many', /^REGISTER_MAX_ATTEMPTS must be an integer/],
    ['REGISTER_DECAY_SECONDS', '0', /^REGISTER_DECAY_SECONDS must be an integer/],
    ['RATE_LIMIT_API', '60/1', /^RATE_LIMIT_API must be "<max attempts>,<decay minutes>" .*got "60\/1"$/],
    ['RATE_LIMIT_API', '0,1', /^RATE_LIMIT_API must be "<max attempts>,<decay minutes>"/],
    ['SANCTUM_EXPIRATION', 'never', /^SANCTUM_EXPIRATION must be an integer/],
    ['SESSION_SECURE_COOKIE', 'maybe', /^SESSION_SECURE_COOKIE must be one of true\/false/],
    ['MUST_VERIFY_EMAIL', 'sure', /^MUST_VERIFY_EMAIL must be one of true\/false/],
    ['TRUST_PROXY', 'everyone', /^TRUST_PROXY must be false, a hop count, or a list of proxy addresses\/CIDRs, got "everyone"$/],
    ['TRUST_PROXY', '10.0.0.0/33, 127.0.0.1', /^TRUST_PROXY must be .*got "10.0.0.0\/33"$/],
    ['SESSION_SAME_SITE', 'sometimes', /^SESSION_SAME_SITE must be one of lax, strict, none, got "sometimes"$/],
    ['WEB_CONCURRENCY', '0', /^WEB_CONCURRENCY must be an integer/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['APP_URL', 'localhost:3000', /^APP_URL must be a http: or https: URL, got "localhost:3000"$/],
    ['APP_URL', 'ftp://example.com', /^APP_URL must be a http: or https: URL/],
    ['DATABASE_URL', 'mysql://db/gate', /^DATABASE_URL must be a postgres: or postgresql: URL/],
    ['REDIS_URL', 'http://cache', /^REDIS_URL must be a redis: or rediss: URL/],
    ['MAIL_URL', 'mail.example.com', /^MAIL_URL must be a smtp: or smtps: URL/],
    ['RESET_PASSWORD_URL', '/reset', /^RESET_PASSWORD_URL must be a http: or https: URL/],
    ['BODY_LIMIT', '10 parsecs', /^BODY_LIMIT must be a byte size such as 102400, 100kb or 1mb: unknown unit "parsecs"/],
    ['BODY_LIMIT', 'lots', /^BODY_LIMIT must be a byte size/],
    ['DOCS_ENABLED', 'perhaps', /^DOCS_ENABLED must be one of true\/false/],
    ['APP_KEY', 'not-a-key', /^APP_KEY The application key must be "base64:"/],
  ])('%s=%p', (name, value, message) => {
    const found = problems({ APP_KEY: KEY, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
    expect(found[0].startsWith(`${name} `)).toBe(true);
  });

  it('reports every problem at once, one per line, in a ConfigError message', () => {
    const error = (() => {
      try {
        load({ APP_KEY: KEY, PORT: 'x', BCRYPT_ROUNDS: '99', LOG_LEVEL: 'loud' });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toHaveLength(3);
    expect(error.message).toBe(`Invalid configuration:\n  - ${error.problems.join('\n  - ')}`);
    expect(error.message).toMatch(/PORT[\s\S]*BCRYPT_ROUNDS[\s\S]*LOG_LEVEL/);
  });

  it('refuses SESSION_SAME_SITE=none without secure cookies', () => {
    expect(problems({ APP_KEY: KEY, SESSION_SAME_SITE: 'none' })).toEqual([
      'SESSION_SAME_SITE=none requires SESSION_SECURE_COOKIE=true (browsers drop such cookies)',
    ]);
    expect(load({ APP_KEY: KEY, SESSION_SAME_SITE: 'none', SESSION_SECURE_COOKIE: 'true' }).session.sameSite).toBe('none');
  });

  it('refuses a DEFAULT_ROLE that is the SUPER_ADMIN_ROLE (every new user would pass every check)', () => {
    expect(problems({ APP_KEY: KEY, DEFAULT_ROLE: 'root', SUPER_ADMIN_ROLE: 'root' })).toEqual([
      'DEFAULT_ROLE must differ from SUPER_ADMIN_ROLE (every new user would pass every check)',
    ]);
    expect(problems({ APP_KEY: KEY, DEFAULT_ROLE: 'super-admin' })).toHaveLength(1);
  });

  it('never echoes a rejected APP_KEY', () => {
    const secret = 'base64:' + Buffer.alloc(16, 3).toString('base64');
    const [message] = problems({ APP_KEY: secret });
    expect(message).not.toContain(secret.slice('base64:'.length));
  });
});

describe('APP_KEY', () => {
  it('is required when NODE_ENV=production, and nothing is generated then', () => {
    expect(problems({ NODE_ENV: 'production', MAIL_URL: MAIL })).toEqual([
      'APP_KEY is required when NODE_ENV=production (generate one: npm run cli -- key:generate)',
    ]);
    expect(() => readFileSync(join(dataDir, 'app-key'))).toThrow(/ENOENT/);
    const config = load({ NODE_ENV: 'production', APP_KEY: KEY, MAIL_URL: MAIL });
    expect(config.isProduction).toBe(true);
    expect(config.appKey).toEqual(parseAppKey(KEY));
  });

  it('outside production is generated once into DATA_DIR (owner-only) and reused afterwards', () => {
    const nested = join(dataDir, 'not', 'yet', 'there');
    const first = loadConfig({ DATA_DIR: nested });
    expect(first.appKey).toHaveLength(32);
    const file = join(nested, 'app-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(`base64:${first.appKey.toString('base64')}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: nested });
    expect(second.appKey).toEqual(first.appKey);
    expect(loadConfig({ DATA_DIR: dataDir }).appKey).not.toEqual(first.appKey);
  });

  it('reuses a key already present in DATA_DIR, and an explicit APP_KEY wins over it', () => {
    const stored = generateAppKey();
    writeFileSync(join(dataDir, 'app-key'), `${stored}\n`);
    expect(load().appKey).toEqual(parseAppKey(stored));
    expect(load({ APP_KEY: KEY }).appKey).toEqual(parseAppKey(KEY));
  });

  it('reports a corrupt stored key instead of silently replacing it, naming APP_KEY and the file', () => {
    writeFileSync(join(dataDir, 'app-key'), 'garbage\n');
    const [message] = problems({});
    expect(message).toMatch(/application key must be "base64:"/);
    expect(message.startsWith(`APP_KEY (unset; read from ${join(dataDir, 'app-key')}) `)).toBe(true);
  });
});

describe('production defaults', () => {
  const production = (env: Env = {}) => load({ NODE_ENV: 'production', APP_KEY: KEY, MAIL_URL: MAIL, APP_URL: 'https://auth.example.com', ...env });

  it('the stateful domains default to APP_URL\'s host alone (no localhost entries)', () => {
    expect(production().statefulDomains).toEqual(['auth.example.com']);
    expect(production({ APP_URL: 'https://auth.example.com:8443' }).statefulDomains).toEqual(['auth.example.com:8443']);
  });

  it('an explicit SANCTUM_STATEFUL_DOMAINS still wins', () => {
    expect(production({ SANCTUM_STATEFUL_DOMAINS: 'localhost:5173' }).statefulDomains).toEqual(['localhost:5173']);
  });

  it('outside production the localhost entries stay', () => {
    expect(load({ APP_KEY: KEY, APP_URL: 'https://auth.example.com' }).statefulDomains).toEqual([
      'localhost',
      'localhost:3000',
      '127.0.0.1',
      '127.0.0.1:8000',
      '::1',
      'auth.example.com',
    ]);
  });

  it('DOCS_ENABLED defaults to false in production and true elsewhere; an explicit value wins', () => {
    expect(production().docsEnabled).toBe(false);
    expect(production({ DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
    expect(load({ APP_KEY: KEY }).docsEnabled).toBe(true);
    expect(load({ APP_KEY: KEY, DOCS_ENABLED: 'false' }).docsEnabled).toBe(false);
  });
});

describe('MAIL_URL', () => {
  // Without it mails go to the log, and reset/verification links carry plain tokens.
  it('is required when NODE_ENV=production, with a message naming it', () => {
    const found = problems({ NODE_ENV: 'production', APP_KEY: KEY });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^MAIL_URL is required when NODE_ENV=production/);
    expect(() => load({ NODE_ENV: 'production', APP_KEY: KEY, MAIL_URL: '  ' })).toThrow(/MAIL_URL is required/);
    expect(load({ NODE_ENV: 'production', APP_KEY: KEY, MAIL_URL: MAIL }).mail.url).toBe(MAIL);
  });

  it('may stay unset outside production (mails and their links go to the log, for development)', () => {
    expect(load({ APP_KEY: KEY }).mail.url).toBeNull();
    expect(load({ NODE_ENV: 'test', APP_KEY: KEY }).mail.url).toBeNull();
  });
});

describe('pruning', () => {
  it('reads PRUNE_INTERVAL_MINUTES and AUDIT_RETENTION_DAYS, 0 meaning off / forever', () => {
    expect(load({ APP_KEY: KEY, PRUNE_INTERVAL_MINUTES: '0', AUDIT_RETENTION_DAYS: '0' }).prune).toEqual({ intervalMinutes: 0, auditRetentionDays: 0 });
    expect(load({ APP_KEY: KEY, PRUNE_INTERVAL_MINUTES: '15', AUDIT_RETENTION_DAYS: '365' }).prune).toEqual({ intervalMinutes: 15, auditRetentionDays: 365 });
  });

  it('names the variable when a value is invalid', () => {
    const found = problems({ APP_KEY: KEY, PRUNE_INTERVAL_MINUTES: 'hourly', AUDIT_RETENTION_DAYS: '-1' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^PRUNE_INTERVAL_MINUTES/);
    expect(found[1]).toMatch(/^AUDIT_RETENTION_DAYS/);
  });
});

describe('social login providers in the environment', () => {
  const production = { NODE_ENV: 'production', APP_KEY: KEY, MAIL_URL: MAIL, APP_URL: 'https://app.example.com' };

  it('accepts a plain-http issuer on a loopback address even with NODE_ENV=production (local development, tests)', () => {
    const config = load({ ...production, OAUTH_PROVIDERS: 'dev', OAUTH_DEV_ISSUER: 'http://127.0.0.1:9000', OAUTH_DEV_CLIENT_ID: 'web' });
    expect(config.social.providers.map((p) => [p.name, p.issuer])).toEqual([['dev', 'http://127.0.0.1:9000']]);
  });

  it('refuses a plain-http issuer anywhere else, naming the variable', () => {
    expect(problems({ ...production, OAUTH_PROVIDERS: 'corp', OAUTH_CORP_ISSUER: 'http://sso.corp.example', OAUTH_CORP_CLIENT_ID: 'web' })).toEqual([
      expect.stringMatching(/^OAUTH_PROVIDERS: social provider corp: issuer must be an https URL/),
    ]);
  });
});
