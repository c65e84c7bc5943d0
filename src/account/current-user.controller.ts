import { Body, Controller, Delete, HttpCode, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
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
  async destroy(@Req() request: FastifyRequest, @Auth() auth: AuthContext, @Body() body: PasswordDto): Promise<void> {
    await this.deletion.delete(request, auth, body.password);
  }
}
