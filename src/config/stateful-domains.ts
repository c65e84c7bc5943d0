/** SANCTUM_STATEFUL_DOMAINS: the first-party domains whose requests get cookie-session authentication. */

const BASE_STATEFUL_DOMAINS = ['localhost', 'localhost:3000', '127.0.0.1', '127.0.0.1:8000', '::1'];

/**
 * Sanctum's defaults plus APP_URL's host, so a fresh install works out of the box. In production
 * only APP_URL's host: a page on the user's own machine (localhost) is no first party there.
 */
export function defaultStatefulDomains(appUrl: string, isProduction = false): string[] {
  const domains = isProduction ? [] : [...BASE_STATEFUL_DOMAINS];
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
export function parseStatefulDomains(env: string | undefined, appUrl: string, isProduction = false): string[] {
  if (env === undefined) return defaultStatefulDomains(appUrl, isProduction);
  return env
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
