import type { FailureReason } from '../common/api-error';
import type { RouteFamily } from '../common/route-family.decorator';
import type { User } from '../users/user.entity';
import type { SessionRecord } from '../sessions/session.record';
import type { TokenRecord } from '../tokens/token.record';
import type { SessionHandoff } from './session-handle';

export type AuthVia = 'session' | 'token';

/** Who is calling and with which credential (`request.auth`, the caller of the AuthResult). */
export type AuthContext =
  | { via: 'session'; user: User; session: SessionRecord; token: null }
  | { via: 'token'; user: User; session: null; token: TokenRecord };

/** A caller that came with the browser session cookie. */
export type SessionCaller = Extract<AuthContext, { via: 'session' }>;

/** What the request carries, read before any lookup (the CSRF step decides on this alone). */
export interface RequestCredentials {
  readonly family: RouteFamily;
  /** A web route, or an API request from a stateful origin: the session cookie counts. */
  readonly usesSession: boolean;
  /** The session cookie's id when it counts and is well-formed (40 alphanumerics), else null. */
  readonly sessionId: string | null;
  /** Any session cookie was sent, well-formed or not, counting or not. */
  readonly hasSessionCookie: boolean;
  /** The bearer token from Authorization (Laravel's bearerToken()), else null. */
  readonly bearer: string | null;
}

/**
 * The one outcome of authentication, written once on `request.gatehouse` by the authenticate
 * guard and frozen: everything later (authorization, handlers, the cookie hook) reads it.
 */
export interface AuthResult extends RequestCredentials {
  readonly caller: AuthContext | null;
  /** Why no caller was found (the 401's `reason`); null when there is a caller or none was looked for. */
  readonly failure: FailureReason | null;
  /** Re-issue the session and XSRF-TOKEN cookies (a live session: sliding expiry). */
  readonly cookies: { readonly issue: boolean; readonly remember: boolean };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The AuthResult; undefined only before the authenticate guard ran (404s, CSRF failures). */
    gatehouse: AuthResult | undefined;
    /** The caller of `gatehouse` (a getter), null for guests. */
    readonly auth: AuthContext | null;
  }
  interface FastifyReply {
    /** A handler's new session id (session-answer.ts): the response carries its cookies. */
    sessionHandoff: SessionHandoff | null;
  }
}
