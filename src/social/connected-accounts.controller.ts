import { Controller, Delete, Get, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { forbidden } from '../common/api-error';
import { RequirePasswordConfirmation } from '../common/password-confirmation.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { WebRoutes } from '../common/route-family.decorator';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { ConnectedAccountsService } from './connected-accounts.service';
import { SocialFlowCookie } from './social-flow.cookie';
import { SocialWebService } from './social-web.service';

/** Account settings: the user's linked providers (docs/http-contract.md §12), under AUTH_ROUTE_PREFIX. */
@RequiresFullAccess()
@WebRoutes()
@Controller('user/connected-accounts')
export class ConnectedAccountsController {
  constructor(
    private readonly connected: ConnectedAccountsService,
    private readonly web: SocialWebService,
    private readonly cookie: SocialFlowCookie,
  ) {}

  @Get()
  list(@Auth() auth: AuthContext) {
    return this.connected.list(auth.user.id);
  }

  /** A browser flow bound to this session: a token caller has no browser to bind it to. */
  @RequirePasswordConfirmation()
  @ApiQuery({ name: 'redirect_to', required: false, description: 'Where to return; must be on a stateful domain' })
  @Get(':provider/redirect')
  async link(@Auth() auth: AuthContext, @Param('provider') provider: string, @Query('redirect_to') redirectTo: unknown, @Res() reply: FastifyReply) {
    if (auth.via !== 'session') throw forbidden();
    const next = await this.web.start(provider, typeof redirectTo === 'string' ? redirectTo : undefined, 'link', auth.user.id);
    return this.cookie.redirect(reply, next);
  }

  @Delete(':id')
  @HttpCode(204)
  async unlink(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.connected.unlink(facts, auth.user, id);
  }
}
