import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { RequirePasswordConfirmation } from '../common/password-confirmation.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { WebRoutes } from '../common/route-family.decorator';
import { ParseIdPipe } from '../rbac/id.pipe';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { RegisterPasskeyDto, RenamePasskeyDto } from './dto/passkey.dto';
import { PasskeyAccountsService } from './passkey-accounts.service';

/**
 * Account settings: the user's passkeys (docs/http-contract.md §13), under AUTH_ROUTE_PREFIX. Adding one needs a
 * recent password confirmation; a passwordless account's fresh login (social or passkey) counts as one.
 */
@RequiresFullAccess()
@WebRoutes()
@Controller('user/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeyAccountsService) {}

  @Get()
  list(@Auth() auth: AuthContext) {
    return this.passkeys.list(auth.user.id);
  }

  @ApiOperation({ summary: 'Creation options for navigator.credentials.create() (single-use challenge, 5 minutes)' })
  @RequirePasswordConfirmation()
  @Post('options')
  @HttpCode(200)
  options(@Auth() auth: AuthContext) {
    return this.passkeys.options(auth.user);
  }

  @ApiOperation({ summary: 'Registers the passkey created with the options' })
  @RequirePasswordConfirmation()
  @Post()
  @HttpCode(201)
  register(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Body() body: RegisterPasskeyDto) {
    return this.passkeys.register(facts, auth.user, body.name, body.credential);
  }

  @Patch(':id')
  rename(@Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: number, @Body() body: RenamePasskeyDto) {
    return this.passkeys.rename(auth.user.id, id, body.name);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.passkeys.remove(facts, auth.user, id);
  }
}
