import { sha256Hex } from '../common/crypto';
import { newSessionId } from '../sessions/sessions.service';
import type { AuthResult } from './auth-context';

/**
 * The browser session a request speaks for, as plain facts: what the session-changing services act
 * on instead of the request. Public routes (/login, /register) never load the session, so the hash
 * also comes from the cookie itself.
 */
export interface SessionHandle {
  /** The session cookie's id when it counts and is well-formed, else null. */
  readonly id: string | null;
  /** The key of the stored row behind it (the loaded session's, else the cookie id's hash), or null. */
  readonly hash: string | null;
  /** The loaded session is a remember-me one. */
  readonly remember: boolean;
}

/**
 * What a session-changing action asks of the HTTP answer: the session and XSRF-TOKEN cookies of
 * this id (a new one at login and logout, so the CSRF token, derived from the id, changes too).
 */
export interface SessionHandoff {
  readonly sessionId: string;
  readonly remember: boolean;
}

export function sessionHandleOf(result: AuthResult | undefined): SessionHandle {
  const id = result?.sessionId ?? null;
  const session = result?.caller?.session ?? null;
  return Object.freeze({ id, hash: session?.hash ?? (id ? sha256Hex(id) : null), remember: session?.remember ?? false });
}

export function handoffTo(sessionId: string, remember: boolean): SessionHandoff {
  return Object.freeze({ sessionId, remember });
}

/** A guest id for /sanctum/csrf-cookie and a pending two-factor login: the existing one, or a new one. No row is written. */
export function guestHandoff(current: SessionHandle): SessionHandoff {
  return handoffTo(current.id ?? newSessionId(), current.remember);
}
