import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePasswordConfirmation } from '../common/password-confirmation.decorator';
import { User } from '../users/user.entity';
import { ConfirmTwoFactorDto } from '../two-factor/dto/confirm-two-factor.dto';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { WebRoutes } from '../common/route-family.decorator';
import { requestFacts } from '../common/request-facts';

/**
 * Fortify's two-factor management routes (docs/http-contract.md §6), web routes for session and token callers, all
 * behind a recent password confirmation. Fortify answers 200 with an empty body; our contract promises
 * JSON, so the body carries Fortify's status string as the message (as /email/verification-notification does).
 */
@RequiresFullAccess()
@RequirePasswordConfirmation()
@WebRoutes()
@Controller('user')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Post('two-factor-authentication')
  @HttpCode(200)
  async enable(@Req() request: FastifyRequest, @CurrentUser() user: User) {
    await this.twoFactor.enable(requestFacts(request), user);
    return { message: 'two-factor-authentication-enabled' };
  }

  @Post('confirmed-two-factor-authentication')
  @HttpCode(200)
  async confirm(@Req() request: FastifyRequest, @CurrentUser() user: User, @Body() body: ConfirmTwoFactorDto) {
    await this.twoFactor.confirm(requestFacts(request), user, body.code);
    return { message: 'two-factor-authentication-confirmed' };
  }

  @Delete('two-factor-authentication')
  @HttpCode(200)
  async disable(@Req() request: FastifyRequest, @CurrentUser() user: User) {
    await this.twoFactor.disable(requestFacts(request), user);
    return { message: 'two-factor-authentication-disabled' };
  }

  @Get('two-factor-qr-code')
  qrCode(@CurrentUser() user: User) {
    return this.twoFactor.qrCode(user);
  }

  @Get('two-factor-secret-key')
  secretKey(@CurrentUser() user: User) {
    return this.twoFactor.secretKey(user);
  }

  @Get('two-factor-recovery-codes')
  recoveryCodes(@CurrentUser() user: User) {
    return this.twoFactor.recoveryCodes(user);
  }

  @Post('two-factor-recovery-codes')
  @HttpCode(200)
  async regenerateRecoveryCodes(@CurrentUser() user: User) {
    await this.twoFactor.regenerateRecoveryCodes(user);
    return { message: 'recovery-codes-generated' };
  }
}
