import { Controller, Get } from '@nestjs/common';
import { OptionalAuth } from '../common/public.decorator';
import { UserPresenter } from '../users/user-presenter';
import { AuthContext } from './auth-context';
import { Auth, CurrentUser } from './current-user.decorator';
import { User } from '../users/user.entity';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §5: GET /api/user and GET /api/auth/check (under API_PREFIX). */
@ApiRoutes()
@Controller()
export class ApiUserController {
  constructor(private readonly presenter: UserPresenter) {}

  @Get('user')
  user(@CurrentUser() user: User) {
    return this.presenter.present(user);
  }

  @OptionalAuth()
  @Get('auth/check')
  async check(@Auth() auth: AuthContext | null) {
    if (!auth) return { authenticated: false };
    return { authenticated: true, via: auth.via, user: await this.presenter.present(auth.user) };
  }
}
