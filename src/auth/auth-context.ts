import type { FailureReason } from '../common/api-error';
import type { User } from '../users/user.entity';
import type { SessionRecord } from '../sessions/session.record';
import type { TokenRecord } from '../tokens/token.record';

export type AuthVia = 'session' | 'token';

/** Who is calling and with which credential; set by the sanctum guard on `request.auth`. */
export type AuthContext =
  | { via: 'session'; user: User; session: SessionRecord; token: null }
  | { via: 'token'; user: User; session: null; token: TokenRecord };

/** How this request may be authenticated; set by the FrontendGuard before anything else. */
export interface FrontendState {
  /** Under API_PREFIX (otherwise a web route). */
  apiRoute: boolean;
  /** Web route (`AUTH_ROUTE_PREFIX` side) or a stateful API request: the session cookie counts. */
  usesSession: boolean;
  /** The session cookie's id when well-formed (40 alphanumerics), else null. */
  sessionId: string | null;
  /** The bearer token from Authorization (Laravel's bearerToken()), else null. */
  bearer: string | null;
  /** Whether the response should (re)issue the session and XSRF-TOKEN cookies. */
  issueCookies: boolean;
  /** Remembered session: the cookies are issued with REMEMBER_LIFETIME_DAYS. */
  remember: boolean;
  /** Why no caller was found (the 401's `reason`). */
  failure?: FailureReason;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    frontend: FrontendState;
  }
}
