import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentSession, CurrentUser } from '../auth/current-user.decorator';
import type { SessionHandle } from '../auth/session-handle';
import { OptionalAuth, Public, WithoutCsrf } from '../common/public.decorator';
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

  /**
   * form_post providers (Apple) answer with a cross-site POST: 303 to the GET callback above. It reads and sets no
   * session (a guest route), so it needs no CSRF token; everything is checked by the GET callback.
   */
  @Public()
  @WithoutCsrf()
  @ApiOperation({ summary: 'form_post providers (Apple): 303 to GET /auth/{provider}/callback with code, state, iss, error' })
  @Post(':provider/callback')
  formPostCallback(@Param('provider') provider: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return reply.header('cache-control', 'no-store').redirect(this.web.formPostTarget(provider, request.body), 303);
  }
}
