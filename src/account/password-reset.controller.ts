import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../common/api-error';
import { isBrowserNavigation } from '../common/browser-navigation';
import { OptionalAuth, Public } from '../common/public.decorator';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { PasswordResetService } from './password-reset.service';
import { perIpThrottle } from './route-throttle.guard';
import { WebRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { requestPath, ResetPasswordFormFilter, sendResetForm } from './reset-password-form.filter';
import { resetDonePage } from './reset-password.page';

export const RESET_LINK_SENT = 'We have emailed your password reset link.';
export const PASSWORD_RESET = 'Your password has been reset.';

const queryString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Fortify's password reset routes (docs/http-contract.md §3), under AUTH_ROUTE_PREFIX. */
@WebRoutes()
@Controller()
export class PasswordResetController {
  constructor(
    private readonly passwordResets: PasswordResetService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The same answer, in the same time, whether or not the address has an account (docs/http-contract.md §3). */
  @Public()
  @UseGuards(perIpThrottle('forgot-password'))
  @Post('forgot-password')
  @HttpCode(200)
  forgotPassword(@Body() body: ForgotPasswordDto) {
    this.passwordResets.requestLink(body.email);
    return { message: RESET_LINK_SENT };
  }

  /** The page the mailed link opens (`?token=…&email=…`) when RESET_PASSWORD_URL is not a frontend's (docs/http-contract.md §3.3). */
  @OptionalAuth()
  @ApiProduces('text/html')
  @Get('reset-password')
  resetForm(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() query: Record<string, unknown>): string {
    const token = queryString(query.token);
    if (token === '') throw notFound();
    return sendResetForm(reply, request, this.config.appKey, { action: requestPath(request), token, email: queryString(query.email) });
  }

  /** Fortify's `password.reset` route: the token in the path. */
  @OptionalAuth()
  @ApiProduces('text/html')
  @Get('reset-password/:token')
  resetFormForToken(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('token') token: string, @Query('email') email: unknown): string {
    const path = requestPath(request);
    return sendResetForm(reply, request, this.config.appKey, { action: path.slice(0, path.lastIndexOf('/')), token, email: queryString(email) });
  }

  /** JSON for API clients; the form (a browser) gets a page, and its errors shown on the form (reset-password-form.filter.ts). */
  @Public()
  @UseFilters(ResetPasswordFormFilter)
  @Post('reset-password')
  @HttpCode(200)
  async resetPassword(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @ClientFacts() facts: RequestFacts, @Body() body: ResetPasswordDto) {
    await this.passwordResets.reset(facts, { token: body.token, email: body.email, password: body.password });
    if (!isBrowserNavigation(request.headers)) return { message: PASSWORD_RESET };
    void reply.type('text/html; charset=utf-8');
    return resetDonePage(PASSWORD_RESET);
  }
}
