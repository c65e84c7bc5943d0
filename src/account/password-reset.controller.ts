import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '../common/public.decorator';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { PasswordResetService } from './password-reset.service';
import { perIpThrottle } from './route-throttle.guard';
import { WebRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';

export const RESET_LINK_SENT = 'We have emailed your password reset link.';
export const PASSWORD_RESET = 'Your password has been reset.';

/** Fortify's password reset routes (docs/http-contract.md §3), under AUTH_ROUTE_PREFIX. */
@WebRoutes()
@Controller()
export class PasswordResetController {
  constructor(private readonly passwordResets: PasswordResetService) {}

  /** The same answer, in the same time, whether or not the address has an account (docs/http-contract.md §3). */
  @Public()
  @UseGuards(perIpThrottle('forgot-password'))
  @Post('forgot-password')
  @HttpCode(200)
  forgotPassword(@Body() body: ForgotPasswordDto) {
    this.passwordResets.requestLink(body.email);
    return { message: RESET_LINK_SENT };
  }

  @Public()
  @Post('reset-password')
  @HttpCode(200)
  async resetPassword(@ClientFacts() facts: RequestFacts, @Body() body: ResetPasswordDto) {
    await this.passwordResets.reset(facts, { token: body.token, email: body.email, password: body.password });
    return { message: PASSWORD_RESET };
  }
}
