import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FailureReason } from '../common/api-error';
import { requestCookies } from '../common/cookies';
import type { RouteFamily } from '../common/route-family.decorator';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { SessionRecord } from '../sessions/session.record';
import { SESSION_ID, SessionsService } from '../sessions/sessions.service';
import { bearerTokenFromHeader } from '../tokens/access-token';
import { TokenAuthenticator } from '../tokens/token-authenticator';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { AuthContext, AuthResult, RequestCredentials } from './auth-context';
import { StatefulMatcher } from './stateful-domains';

const NO_COOKIES = Object.freeze({ issue: false, remember: false });

/**
 * Who is calling, in `auth:sanctum`'s order, read top to bottom:
 *   1. the session user, when this request may use the session (web routes always; API routes
 *      only from a stateful first-party origin, as EnsureFrontendRequestsAreStateful);
 *   2. else a valid bearer token;
 *   3. else no one, with the reason. Failure is a result, not an exception: the authenticate
 *      guard owns the 401.
 */
@Injectable()
export class Authenticator {
  private readonly stateful: StatefulMatcher;

  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokenAuthenticator,
    private readonly users: UsersService,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.stateful = new StatefulMatcher(config.statefulDomains);
  }

  /** What the request carries; no lookups. */
  credentials(request: FastifyRequest, family: RouteFamily): RequestCredentials {
    const usesSession = family === 'web' || this.stateful.isStateful(header(request, 'origin'), header(request, 'referer'));
    const cookie = requestCookies(request)[this.config.session.cookie];
    return Object.freeze({
      family,
      usesSession,
      sessionId: usesSession && cookie !== undefined && SESSION_ID.test(cookie) ? cookie : null,
      hasSessionCookie: cookie !== undefined,
      bearer: bearerTokenFromHeader(header(request, 'authorization')),
    });
  }

  /**
   * The outcome at once, in authenticate's order, when no lookup is needed: nothing to look up, or a warm
   * session or token of a warm user (the caches drop an entry the moment its row changes). Null when the
   * database must be asked: then authenticate.
   */
  fromCaches(credentials: RequestCredentials): AuthResult | null {
    let failure: FailureReason = guestFailure(credentials);
    if (credentials.sessionId) {
      const found = this.sessions.findCached(credentials.sessionId);
      if (!found) return null;
      if (found.record) {
        const user = this.users.cachedAuthenticatable(found.record.userId);
        if (!user) return null;
        return this.sessionCaller(credentials, found.record, user);
      }
      failure = 'session_expired';
    }
    if (credentials.bearer) {
      const outcome = this.tokens.fromCache(credentials.bearer);
      if (!outcome) return null;
      if ('user' in outcome) return result(credentials, { via: 'token', user: outcome.user, session: null, token: outcome.token }, null);
      failure = outcome.failure;
    }
    return result(credentials, null, failure);
  }

  async authenticate(credentials: RequestCredentials): Promise<AuthResult> {
    let failure: FailureReason = guestFailure(credentials);

    if (credentials.sessionId) {
      const found = await this.sessions.find(credentials.sessionId);
      if (found.record) {
        const user = await this.users.findAuthenticatable(found.record.userId);
        if (user) return this.sessionCaller(credentials, found.record, user);
      } else if (found.expired) {
        failure = 'session_expired';
      }
    }

    if (credentials.bearer) {
      const outcome = await this.tokens.authenticate(credentials.bearer);
      if ('user' in outcome) return result(credentials, { via: 'token', user: outcome.user, session: null, token: outcome.token }, null);
      failure = outcome.failure;
    }
    return result(credentials, null, failure);
  }

  private sessionCaller(credentials: RequestCredentials, session: SessionRecord, user: User): AuthResult {
    this.sessions.touch(session);
    const caller: AuthContext = { via: 'session', user, session, token: null };
    return result(credentials, caller, null, { issue: true, remember: session.remember });
  }

  /** For routes that look no one up (@Public): the credentials, no caller, no failure. */
  guest(credentials: RequestCredentials): AuthResult {
    return result(credentials, null, null);
  }
}

/** Why a request without a usable credential has no caller: a session cookie sent from an origin that is not stateful says so. */
function guestFailure(credentials: RequestCredentials): FailureReason {
  return !credentials.usesSession && credentials.hasSessionCookie ? 'origin_not_stateful' : 'no_credentials';
}

function result(credentials: RequestCredentials, caller: AuthContext | null, failure: FailureReason | null, cookies: AuthResult['cookies'] = NO_COOKIES): AuthResult {
  return Object.freeze({ ...credentials, caller, failure, cookies: Object.freeze(cookies) });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
