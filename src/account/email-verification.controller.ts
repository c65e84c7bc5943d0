import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { Public } from '../common/public.decorator';
import { EmailVerificationService } from './email-verification.service';
import { perUserThrottle, VERIFICATION_MAILS } from './route-throttle.guard';
import { WebRoutes } from '../common/route-family.decorator';
import { requestFacts } from '../common/request-facts';
import { isBrowserNavigation } from '../common/browser-navigation';

/** Fortify's email verification routes (docs/http-contract.md §3), under AUTH_ROUTE_PREFIX. */
@WebRoutes()
@Controller('email')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  /**
   * The signed link itself is the credential: no login needed (docs/http-contract.md §3). A browser (the
   * click in the mail) is sent on to VERIFIED_REDIRECT_URL?verified=1, as Fortify redirects to its home;
   * API clients get 204. Also for an address verified before.
   */
  @Public()
  @Get('verify/:id/:hash')
  async verify(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('id') id: string, @Param('hash') hash: string): Promise<void> {
    await this.verification.verify(requestFacts(request), id, hash, request.url);
    if (isBrowserNavigation(request.headers)) await reply.redirect(this.verification.verifiedRedirect(), 302);
    else await reply.status(204).send();
  }

  /** 202 when a link was sent, 204 when there is nothing to verify (Fortify's JSON answers). */
  @UseGuards(perUserThrottle(VERIFICATION_MAILS))
  @Post('verification-notification')
  resend(@Auth() auth: AuthContext, @Res() reply: FastifyReply): void {
    if (auth.user.emailVerifiedAt) {
      reply.status(204).send();
      return;
    }
    this.verification.sendLink(auth.user);
    reply.status(202).send({ message: 'verification-link-sent' });
  }
}
