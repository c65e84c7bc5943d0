import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { ConnectedAccountsService } from './connected-accounts.service';
import { SocialAccount } from './social-account.entity';
import { SocialAccountsService } from './social-accounts.service';
import { SocialFlowCookie } from './social-flow.cookie';
import { SocialLoginService } from './social-login.service';
import { SocialProviders } from './social-providers';
import { SocialThrottle } from './social-throttle';
import { SocialTokenService } from './social-token.service';
import { SocialWebService } from './social-web.service';

/** Social login (OAuth 2.0 / OpenID Connect): owns social_accounts; its routes are in the web and token families. */
@Module({
  imports: [TypeOrmModule.forFeature([SocialAccount]), AuthModule, EventsModule],
  providers: [SocialAccountsService, SocialProviders, SocialLoginService, SocialThrottle, SocialWebService, SocialTokenService, ConnectedAccountsService, SocialFlowCookie],
  exports: [SocialWebService, SocialTokenService, ConnectedAccountsService, SocialProviders, SocialFlowCookie, SocialAccountsService],
})
export class SocialModule {}
