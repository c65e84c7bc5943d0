import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../common/crypto';

/**
 * The CSRF token is an HMAC of the session id under APP_KEY: it needs no storage (a guest from
 * /sanctum/csrf-cookie costs no database row) and rotates whenever the session id does
 * (login, two-factor success, logout), as Laravel's regenerate() rotates its stored token.
 */
export function csrfTokenFor(appKey: Buffer, sessionId: string): string {
  return createHmac('sha256', appKey).update(`csrf|${sessionId}`).digest('base64url');
}

export type CsrfResult = 'ok' | 'xsrf_header_missing' | 'xsrf_mismatch';

/** Laravel's order: `_token` (body), then X-CSRF-TOKEN, then X-XSRF-TOKEN; first non-empty wins. */
function submittedToken(request: FastifyRequest): string | null {
  const body = request.body as Record<string, unknown> | undefined;
  const candidates = [body?._token, request.headers['x-csrf-token'], request.headers['x-xsrf-token']];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate !== '') return decodeIfEncoded(candidate);
  }
  return null;
}

/** Clients that copy the cookie verbatim send it percent-encoded; accept both forms. */
function decodeIfEncoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function verifyCsrf(request: FastifyRequest, appKey: Buffer, sessionId: string | null): CsrfResult {
  const submitted = submittedToken(request);
  if (submitted === null) return 'xsrf_header_missing';
  if (sessionId === null) return 'xsrf_mismatch';
  return safeEqual(submitted, csrfTokenFor(appKey, sessionId)) ? 'ok' : 'xsrf_mismatch';
}
