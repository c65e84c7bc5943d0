/**
 * Sanctum's first-party ("stateful") request detection: requests whose Origin
 * (or Referer) matches a configured domain get cookie-session authentication.
 */

const BASE_STATEFUL_DOMAINS = ['localhost', 'localhost:3000', '127.0.0.1', '127.0.0.1:8000', '::1'];

/** Sanctum's defaults plus APP_URL's host, so a fresh install works out of the box. */
export function defaultStatefulDomains(appUrl: string): string[] {
  const domains = [...BASE_STATEFUL_DOMAINS];
  const appHost = hostWithPort(appUrl);
  if (appHost && !domains.includes(appHost)) domains.push(appHost);
  return domains;
}

/**
 * WHATWG URL drops default ports (`:80` on http, `:443` on https). That is what
 * we want: browsers omit them from Origin too, so `host:80` would never match.
 */
function hostWithPort(appUrl: string): string | null {
  if (!URL.canParse(appUrl)) return null;
  const { host } = new URL(appUrl);
  return host === '' ? null : host;
}

/** An explicitly set variable replaces the defaults, even when it lists nothing. */
export function parseStatefulDomains(env: string | undefined, appUrl: string): string[] {
  if (env === undefined) return defaultStatefulDomains(appUrl);
  return env
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Mirrors Sanctum: strips the FIRST occurrence of each scheme, wherever it is. */
function normaliseSource(source: string): string {
  const stripped = source.replace('https://', '').replace('http://', '');
  return stripped.endsWith('/') ? stripped : `${stripped}/`;
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Laravel's Str::is(): `*` matches anything, including `/`; anchored and case-sensitive. */
function compileEntry(entry: string): RegExp {
  const pattern = `${entry}/*`.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${pattern}$`);
}

export class StatefulMatcher {
  // Compiled once because matching runs on every request.
  private readonly patterns: readonly RegExp[];

  constructor(domains: string[]) {
    this.patterns = domains
      .map((domain) => domain.trim())
      .filter((domain) => domain !== '')
      .map(compileEntry);
  }

  /** Origin wins because browsers send it unforgeably and without a path. */
  isStateful(origin?: string, referer?: string): boolean {
    const source = origin || referer;
    return source ? this.matches(source) : false;
  }

  /** CORS check for the Origin header alone. */
  originAllowed(origin: string): boolean {
    return origin !== '' && this.matches(origin);
  }

  private matches(source: string): boolean {
    const candidate = normaliseSource(source);
    return this.patterns.some((pattern) => pattern.test(candidate));
  }
}

const TRUTHY_INPUTS = new Set(['1', 'true', 'on', 'yes']);

/** Laravel's `$request->boolean()` (PHP FILTER_VALIDATE_BOOLEAN, which also trims). */
export function parseBooleanInput(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  return TRUTHY_INPUTS.has(value.trim().toLowerCase());
}
