import { Body, Controller, Delete, Get, HttpCode, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { handOffSession } from '../auth/session-answer';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
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
  async revoke(
    @ClientFacts() facts: RequestFacts,
    @Auth() auth: AuthContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    handOffSession(reply, await this.browserSessions.revoke(facts, auth, id));
  }

  @Delete('other-browser-sessions')
  @HttpCode(204)
  async revokeOthers(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Body() body: PasswordDto): Promise<void> {
    await this.browserSessions.revokeOthers(facts, auth, body.password);
  }
}
