import { Body, Controller, Delete, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { handOffSession } from '../auth/session-answer';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { AccountDeletionService } from './account-deletion.service';
import { PasswordDto } from './dto/password.dto';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { WebRoutes } from '../common/route-family.decorator';

/** Jetstream's DELETE /user (docs/http-contract.md §5), under AUTH_ROUTE_PREFIX. */
@RequiresFullAccess()
@WebRoutes()
@Controller('user')
export class CurrentUserController {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Delete()
  @HttpCode(204)
  async destroy(
    @ClientFacts() facts: RequestFacts,
    @Auth() auth: AuthContext,
    @Body() body: PasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    handOffSession(reply, await this.deletion.delete(facts, auth, body.password));
  }
}
