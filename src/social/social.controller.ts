import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentSession, CurrentUser } from '../auth/current-user.decorator';
import type { SessionHandle } from '../auth/session-handle';
import { Public, OptionalAuth } from '../common/public.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { WebRoutes } from '../common/route-family.decorator';
import type { User } from '../users/user.entity';
import { SocialFlowCookie } from './social-flow.cookie';
import { SocialProviders } from './social-providers';
import { SocialWebService } from './social-web.service';

/** The SPA's social login (docs/http-contract.md §12), under AUTH_ROUTE_PREFIX. */
@WebRoutes()
@Controller('auth')
export class SocialController {
  constructor(
    private readonly web: SocialWebService,
    private readonly providers: SocialProviders,
    private readonly cookie: SocialFlowCookie,
  ) {}

  /** What the "Sign in with …" buttons offer. */
  @Public()
  @Get('providers')
  list() {
    return { data: this.providers.list() };
  }

  @Public()
  @ApiQuery({ name: 'redirect_to', required: false, description: 'Where to return; must be on a stateful domain' })
  @Get(':provider/redirect')
  async redirect(@Param('provider') provider: string, @Query('redirect_to') redirectTo: unknown, @Res() reply: FastifyReply) {
    const next = await this.web.start(provider, typeof redirectTo === 'string' ? redirectTo : undefined, 'login', null);
    return this.cookie.redirect(reply, next);
  }

  /** The provider sends the browser back here; a signed-in caller may be finishing a link from account settings. */
  @OptionalAuth()
  @Get(':provider/callback')
  async callback(
    @Param('provider') provider: string,
    @ClientFacts() facts: RequestFacts,
    @CurrentSession() session: SessionHandle,
    @CurrentUser() user: User | null,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const next = await this.web.callback(facts, { provider, query, session, callerId: user?.id ?? null, flowCookie: this.cookie.read(request) });
    return this.cookie.redirect(reply, next);
  }
}
