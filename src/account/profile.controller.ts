import { userFieldInputOf } from '../common/user-field-rules';
import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { UserPresenter } from '../users/user-presenter';
import { UpdatePasswordDto } from './dto/update-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { WebRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';

/** Fortify's profile routes (docs/http-contract.md §5), under AUTH_ROUTE_PREFIX. */
@RequiresFullAccess()
@WebRoutes()
@Controller('user')
export class ProfileController {
  constructor(
    private readonly profile: ProfileService,
    private readonly presenter: UserPresenter,
  ) {}

  @Put('profile-information')
  @HttpCode(200)
  async updateProfile(@Auth() auth: AuthContext, @Body() body: UpdateProfileDto) {
    const user = await this.profile.updateProfile(auth, { ...body, fields: userFieldInputOf(body) });
    return this.presenter.present(user);
  }

  /** Fortify answers 200 with no content; our bodies are JSON, so it names Fortify's status. */
  @Put('password')
  @HttpCode(200)
  async updatePassword(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Body() body: UpdatePasswordDto) {
    await this.profile.updatePassword(facts, auth, body.current_password, body.password);
    return { message: 'password-updated' };
  }
}
