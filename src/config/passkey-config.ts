/** The named limiter (RATE_LIMIT_PASSKEY_OPTIONS) of the routes that hand out passkey challenges to guests. */
export const PASSKEY_OPTIONS_LIMITER = 'passkey-options';

/** The WebAuthn relying party: who passkeys are bound to, and which page origins may use them. */
export interface PasskeyConfig {
  /** The RP id: a registrable domain suffix of every origin (PASSKEY_RP_ID, default APP_URL's host name). */
  rpId: string;
  /** Shown by the authenticator when a passkey is created (PASSKEY_RP_NAME, default APP_NAME). */
  rpName: string;
  /** Exact page origins a ceremony may come from (PASSKEY_ORIGINS, default APP_URL and the stateful domains). */
  origins: string[];
}

/**
 * The default origins: APP_URL's, and each stateful domain as an https origin (also http outside production, where
 * SPAs run on localhost dev servers). Wildcard domains name no single origin and are left out: list them explicitly.
 */
export function defaultPasskeyOrigins(appUrl: string, statefulDomains: string[], isProduction: boolean): string[] {
  const origins = new Set<string>();
  if (URL.canParse(appUrl)) origins.add(new URL(appUrl).origin);
  for (const domain of statefulDomains) {
    if (domain.includes('*')) continue;
    for (const scheme of isProduction ? ['https'] : ['https', 'http']) {
      const candidate = `${scheme}://${domain}`;
      if (URL.canParse(candidate)) origins.add(new URL(candidate).origin);
    }
  }
  return [...origins];
}

/** PASSKEY_ORIGINS: comma-separated http(s) origins, without path; throws naming the variable. */
export function parsePasskeyOrigins(value: string): string[] {
  const origins = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const origin of origins) {
    const ok = URL.canParse(origin) && ['http:', 'https:'].includes(new URL(origin).protocol) && new URL(origin).origin === origin.replace(/\/+$/, '');
    if (!ok) throw new Error(`PASSKEY_ORIGINS must list origins such as https://app.example.com (scheme, host, optional port), got "${origin}"`);
  }
  return origins.map((origin) => new URL(origin).origin);
}

/** PASSKEY_RP_ID: a bare host name (no scheme, port or path). */
export function parseRpId(value: string): string {
  const ok = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value);
  if (!ok) throw new Error(`PASSKEY_RP_ID must be a host name such as example.com (no scheme or port), got "${value}"`);
  return value.toLowerCase();
}
