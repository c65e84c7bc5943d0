/**
 * What a failed social login reports: a fixed code, never the provider's own text (it is attacker-influenced
 * and may carry details). The SPA flow redirects with `?error=<code>`, the token route answers a 422 with it.
 */
export type SocialErrorCode =
  | 'access_denied'
  | 'invalid_state'
  | 'provider_unavailable'
  | 'provider_error'
  | 'invalid_token'
  | 'email_unverified'
  | 'account_exists'
  | 'already_linked'
  | 'link_expired'
  | 'account_disabled'
  | 'too_many_attempts';

export class SocialLoginError extends Error {
  constructor(
    readonly code: SocialErrorCode,
    /** For the log and the audit trail only: the library's error name or code, never a response body. */
    readonly detail: string = code,
  ) {
    super(`social login failed: ${code}`);
    this.name = 'SocialLoginError';
  }
}

/** The login throttle's refusal on the social routes: a redirect with ?error=too_many_attempts, or a 422. */
export const socialTooManyAttempts = (retryAfter: number) => new SocialLoginError('too_many_attempts', `retry after ${retryAfter}s`);

export const SOCIAL_ERROR_MESSAGES: Record<SocialErrorCode, string> = {
  access_denied: 'The sign-in was cancelled at the provider.',
  invalid_state: 'The sign-in request is invalid or has expired. Please try again.',
  provider_unavailable: 'The provider could not be reached. Please try again later.',
  provider_error: 'The provider refused the sign-in.',
  invalid_token: 'The provider\'s token is invalid.',
  email_unverified: 'The provider did not share a verified email address.',
  account_exists: 'An account with this email already exists. Log in and link the provider in your account settings.',
  already_linked: 'This provider account is already linked to another user.',
  link_expired: 'Confirm your password (or log in again) before linking a provider.',
  account_disabled: 'This account is disabled.',
  too_many_attempts: 'Too many sign-in attempts. Please try again later.',
};

const NETWORK_ERRORS = new Set(['TimeoutError', 'AbortError', 'TypeError']);

/** Turns what the client library threw into one of our codes; the library's own checks decide, we only sort. */
export function classifyProviderError(error: unknown): SocialLoginError {
  if (error instanceof SocialLoginError) return error;
  const e = error as { name?: string; code?: string; error?: string; cause?: { name?: string; code?: string } };
  const name = e?.name ?? 'Error';
  if (e?.error === 'access_denied') return new SocialLoginError('access_denied', 'access_denied');
  if (typeof e?.error === 'string') return new SocialLoginError('provider_error', `${name}:${e.error.slice(0, 64)}`);
  if (NETWORK_ERRORS.has(name) || NETWORK_ERRORS.has(e?.cause?.name ?? '') || e?.code === 'OAUTH_TIMEOUT') {
    return new SocialLoginError('provider_unavailable', name);
  }
  if (typeof e?.code === 'string' && e.code.startsWith('ERR_JW')) return new SocialLoginError('invalid_token', e.code);
  if (typeof e?.code === 'string' && e.code.startsWith('OAUTH_')) {
    // Claim checks (nonce, aud, iss, exp, signature) fail as OAUTH_JWT_* / OAUTH_JSON_ATTRIBUTE_* codes.
    return new SocialLoginError(/JWT|JWS|CLAIM/.test(e.code) ? 'invalid_token' : 'provider_error', e.code);
  }
  return new SocialLoginError('provider_error', name);
}
