import { Body, Controller, NotFoundException, Patch } from '@nestjs/common';
import { IsDefined, IsIn, IsString } from 'class-validator';
import { Abilities, CurrentUser, GatehouseAccess, GatehouseUsers } from 'gatehouse';
import { presentXetaUser } from './user.presenter';

/** The languages XetaSuite's interface is translated into. */
export const LOCALES = ['en', 'fr'] as const;

export class UpdateLocaleDto {
  @IsIn(LOCALES, { message: 'The selected :attribute is invalid.' })
  @IsString()
  @IsDefined()
  locale: string;
}

/**
 * `PATCH /api/v1/user/locale {locale}`: any signed-in user, for itself; answers the user as GET /api/v1/user does.
 * An account change, so full access as the site switch: a session, or a token holding `*` (the CLI's tokens).
 */
@Controller('api/v1/user')
export class LocaleController {
  constructor(
    private readonly users: GatehouseUsers,
    private readonly access: GatehouseAccess,
  ) {}

  @Patch('locale')
  @Abilities('*')
  async update(@CurrentUser() user: { id: number }, @Body() body: UpdateLocaleDto) {
    const updated = await this.users.setLocale(user.id, body.locale);
    // The account was deleted between authentication and this write.
    if (!updated) throw new NotFoundException();
    return presentXetaUser(updated, await this.access.accessOf(updated.id, updated.currentTeamId));
  }
}
