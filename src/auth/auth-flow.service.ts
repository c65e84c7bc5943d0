import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokensService } from '../tokens/tokens.service';
import { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';
import type { AuthContext, AuthVia } from './auth-context';
import { AuthAnswer, AuthAnswers } from '../users/auth-answers';
import { SessionLoginService } from './session-login.service';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { requestFacts, RequestFacts } from '../common/request-facts';

/** The steps the web routes (/register, /logout) and the API routes (/api/register, /api/logout) share. */
@Injectable()
export class AuthFlowService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly sessionLogin: SessionLoginService,
    private readonly events: GatehouseEvents,
    private readonly answers: AuthAnswers,
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
  async logout(request: FastifyRequest, auth: AuthContext, route: 'api' | 'web'): Promise<AuthAnswer | undefined> {
    if (auth.via === 'token') await this.tokens.revokeCurrent(requestFacts(request), auth.token);
    else await this.sessionLogin.logout(request);
    return this.answers.logout(auth.user, auth.via, route);
  }
}

/** A logout answer: 204 without a body (the contract's default), 200 with the host's body. */
export function sendLogoutAnswer(reply: FastifyReply, answer: AuthAnswer | undefined): FastifyReply {
  return answer === undefined ? reply.status(204).send() : reply.status(200).send(answer);
}
