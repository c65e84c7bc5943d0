import { Body, Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { RequirePasswordConfirmation } from '../common/password-confirmation.decorator';
import { BrowserSessionsService } from './browser-sessions.service';
import { PasswordDto } from './dto/password.dto';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { WebRoutes } from '../common/route-family.decorator';

/** Jetstream's browser sessions (docs/http-contract.md §5), under AUTH_ROUTE_PREFIX. */
@RequiresFullAccess()
@WebRoutes()
@Controller('user')
export class BrowserSessionsController {
  constructor(private readonly browserSessions: BrowserSessionsService) {}

  @Get('sessions')
  list(@Auth() auth: AuthContext) {
    return this.browserSessions.list(auth);
  }

  @RequirePasswordConfirmation()
  @Delete('sessions/:id')
  @HttpCode(204)
  async revoke(@Req() request: FastifyRequest, @Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.browserSessions.revoke(request, auth, id);
  }

  @Delete('other-browser-sessions')
  @HttpCode(204)
  async revokeOthers(@Req() request: FastifyRequest, @Auth() auth: AuthContext, @Body() body: PasswordDto): Promise<void> {
    await this.browserSessions.revokeOthers(request, auth, body.password);
  }
}
