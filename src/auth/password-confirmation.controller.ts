import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { AuthContext } from './auth-context';
import { Auth } from './current-user.decorator';
import { confirmedPasswordStatus, passwordConfirmedAt } from './password-confirmation';
import { ConfirmPasswordDto } from './password-confirmation.dto';
import { PasswordConfirmationService } from './password-confirmation.service';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { WebRoutes } from '../common/route-family.decorator';

const WHOLE_SECONDS = /^[0-9]{1,9}$/;

/** Fortify's password confirmation endpoints (docs/http-contract.md §5), for session and token callers alike. */
@RequiresFullAccess()
@WebRoutes()
@Controller('user')
export class PasswordConfirmationController {
  constructor(
    private readonly confirmation: PasswordConfirmationService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('confirm-password')
  @HttpCode(201)
  async confirm(@Auth() auth: AuthContext, @Body() body: ConfirmPasswordDto) {
    await this.confirmation.confirm(auth, body.password);
    // Fortify answers 201 with an empty body; our contract promises JSON bodies, so say what happened.
    return { confirmed: true };
  }

  /** `?seconds=N` overrides the window, as in Fortify; anything but whole seconds is ignored. */
  @Get('confirmed-password-status')
  status(@Auth() auth: AuthContext, @Query('seconds') seconds: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const window = typeof seconds === 'string' && WHOLE_SECONDS.test(seconds) ? Number(seconds) : this.config.passwordTimeoutSeconds;
    const { confirmed, retryAfter } = confirmedPasswordStatus(passwordConfirmedAt(auth), window);
    if (retryAfter !== null) reply.header('X-Retry-After', String(retryAfter));
    return { confirmed };
  }
}
