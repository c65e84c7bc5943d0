import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { FailureReason } from '../common/api-error';
import { requestCookies } from '../common/cookies';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { SessionsService } from '../sessions/sessions.service';
import { TokenAuthenticator } from '../tokens/token-authenticator';
import { UsersService } from '../users/users.service';
import { AuthContext } from './auth-context';

/**
 * The whole authentication decision, in `auth:sanctum`'s order:
 *   1. the session user, when this request may use the session (see FrontendGuard);
 *   2. else a valid bearer token;
 *   3. else no one, with the reason (the guard answers 401 where a caller is required).
 */
@Injectable()
export class SanctumStrategy extends PassportStrategy(Strategy, 'sanctum') {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: TokenAuthenticator,
    private readonly users: UsersService,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
  }

  /** The caller, or false with the reason left on `request.frontend.failure` (no exception: guests are common). */
  async validate(request: FastifyRequest): Promise<AuthContext | false> {
    const { frontend } = request;
    let reason: FailureReason = 'no_credentials';

    if (frontend.usesSession && frontend.sessionId) {
      const found = await this.sessions.find(frontend.sessionId);
      if (found.record) {
        const user = await this.users.findAuthenticatable(found.record.userId);
        if (user) {
          this.sessions.touch(found.record);
          frontend.issueCookies = true;
          frontend.remember = found.record.remember;
          return { via: 'session', user, session: found.record, token: null };
        }
      } else if (found.expired) {
        reason = 'session_expired';
      }
    } else if (!frontend.usesSession && requestCookies(request)[this.config.session.cookie]) {
      reason = 'origin_not_stateful';
    }

    if (frontend.bearer) {
      const result = await this.tokens.authenticate(frontend.bearer);
      if ('user' in result) return { via: 'token', user: result.user, session: null, token: result.token };
      reason = result.failure;
    }
    frontend.failure = reason;
    return false;
  }
}
