import { Inject, Injectable, Optional } from '@nestjs/common';
import { TokensService } from '../tokens/tokens.service';
import { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';
import type { AuthContext, AuthVia } from './auth-context';
import { AuthAnswer, AuthAnswers } from '../users/auth-answers';
import { SessionLoginService } from './session-login.service';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';
import type { SessionHandoff } from './session-handle';

/** What logging out asks of the answer: the body (undefined = none) and, for a session caller, its new guest id. */
export interface LogoutOutcome {
  readonly answer: AuthAnswer | undefined;
  readonly session: SessionHandoff | null;
}

/** The host's `tokens.revokeOnSessionLogout`: a session logout also revokes every API token of the user. */
export const REVOKE_TOKENS_ON_SESSION_LOGOUT = Symbol('REVOKE_TOKENS_ON_SESSION_LOGOUT');

/** The steps the web routes (/register, /logout) and the API routes (/api/register, /api/logout) share. */
@Injectable()
export class AuthFlowService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly sessionLogin: SessionLoginService,
    private readonly events: GatehouseEvents,
    private readonly answers: AuthAnswers,
    @Optional() @Inject(REVOKE_TOKENS_ON_SESSION_LOGOUT) private readonly revokeTokensOnSessionLogout: boolean = false,
  ) {}

  /** The new user (creation hooks included, 422 when the email is taken) and its audit event. */
  async register(facts: RequestFacts, input: NewUser, via: AuthVia): Promise<User> {
    const user = await this.users.create({ name: input.name, email: input.email, password: input.password, fields: input.fields });
    await this.events.emit('user.registered', { facts, userId: user.id, metadata: { via } });
    return user;
  }

  /**
   * A token caller revokes that token; a session caller is logged out (never Sanctum's 500, #234). The answer
   * follows the route (`api/logout` or `logout`), whichever credential the caller used; undefined = no body.
   */
  async logout(facts: RequestFacts, auth: AuthContext, route: 'api' | 'web'): Promise<LogoutOutcome> {
    let session: SessionHandoff | null = null;
    if (auth.via === 'token') {
      await this.tokens.revokeCurrent(facts, auth.token);
    } else {
      // Tokens first: if revoking fails the request fails with the session intact, never a 204 that left them valid.
      if (this.revokeTokensOnSessionLogout) await this.tokens.revokeAll(facts, auth.user.id);
      session = await this.sessionLogin.logout(facts, auth);
    }
    return Object.freeze({ answer: await this.answers.logout(auth.user, auth.via, route), session });
  }
}
