import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { EventsModule } from '../events/events.module';
import { UserPresenter } from '../users/user-presenter';
import { UsersModule } from '../users/users.module';
import { ConnectedAccountsService } from './connected-accounts.service';
import { SocialAccount } from './social-account.entity';
import { SocialAccountsService } from './social-accounts.service';
import { SocialFlowCookie } from './social-flow.cookie';
import { SocialLoginService } from './social-login.service';
import { SocialProviders } from './social-providers';
import { SocialTokenService } from './social-token.service';
import { SocialWebService } from './social-web.service';

/** Social login (OAuth 2.0 / OpenID Connect): owns social_accounts; its routes are in the web and token families. */
@Module({
  imports: [TypeOrmModule.forFeature([SocialAccount]), AuthModule, EventsModule, UsersModule],
  providers: [SocialAccountsService, SocialProviders, SocialLoginService, SocialWebService, SocialTokenService, ConnectedAccountsService, SocialFlowCookie],
  exports: [SocialWebService, SocialTokenService, ConnectedAccountsService, SocialProviders, SocialFlowCookie, SocialAccountsService],
})
export class SocialModule implements OnModuleInit {
  constructor(
    private readonly presenter: UserPresenter,
    private readonly accounts: SocialAccountsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** OAUTH_USER_JSON_PROVIDERS: the default user JSON names the user's linked providers. */
  onModuleInit(): void {
    if (!this.config.social.userJsonProviders) return;
    this.presenter.addDefaultKeys(async (user) => ({ linked_providers: [...new Set((await this.accounts.listForUser(user.id)).map((a) => a.provider))] }));
  }
}
