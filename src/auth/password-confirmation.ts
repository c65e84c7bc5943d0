import type { AuthContext } from './auth-context';

/** Unix seconds, the unit Fortify keeps `auth.password_confirmed_at` in. */
export const nowSeconds = (nowMs = Date.now()) => Math.floor(nowMs / 1000);

/** When the credential in use last confirmed its password (unix seconds), or 0 for never. */
export function passwordConfirmedAt(auth: AuthContext): number {
  const at = auth.via === 'session' ? auth.session.payload.password_confirmed_at : auth.token.passwordConfirmedAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : 0;
}

/** RequirePassword middleware: stale iff more than `timeoutSeconds` have passed (strict `>`). */
export function isPasswordConfirmationStale(confirmedAt: number, timeoutSeconds: number, now = nowSeconds()): boolean {
  return now - confirmedAt > timeoutSeconds;
}

export interface ConfirmedPasswordStatus {
  confirmed: boolean;
  /** Seconds since the confirmation, for X-Retry-After; null when the header is omitted. */
  retryAfter: number | null;
}

/**
 * Fortify's ConfirmedPasswordStatusController: confirmed iff elapsed < seconds (strict `<`, unlike
 * the middleware), and X-Retry-After carries the time *since* confirmation, only when confirmed and > 0.
 */
export function confirmedPasswordStatus(confirmedAt: number, seconds: number, now = nowSeconds()): ConfirmedPasswordStatus {
  const elapsed = now - confirmedAt;
  const confirmed = elapsed < seconds;
  return { confirmed, retryAfter: confirmed && elapsed > 0 ? elapsed : null };
}
