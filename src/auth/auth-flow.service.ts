import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TokensService } from '../tokens/tokens.service';
import { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';
import type { AuthContext, AuthVia } from './auth-context';
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
  ) {}

  /** The new user (creation hooks included, 422 when the email is taken) and its audit event. */
  async register(facts: RequestFacts, input: NewUser, via: AuthVia): Promise<User> {
    const user = await this.users.create({ name: input.name, email: input.email, password: input.password });
    await this.events.emit('user.registered', { facts, userId: user.id, metadata: { via } });
    return user;
  }

  /** A token caller revokes that token; a session caller is logged out (never Sanctum's 500, #234). */
  async logout(request: FastifyRequest, auth: AuthContext): Promise<void> {
    if (auth.via === 'token') return this.tokens.revokeCurrent(requestFacts(request), auth.token);
    await this.sessionLogin.logout(request);
  }
}
