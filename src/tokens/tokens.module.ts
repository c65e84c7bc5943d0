import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { PersonalAccessToken } from './personal-access-token.entity';
import { TokenAuthenticator } from './token-authenticator';
import { TokenLoginService } from './token-login.service';
import { TokenUsageTracker } from './token-usage.tracker';
import { TokensService } from './tokens.service';
import { EventsModule } from '../events/events.module';

@Module({
  imports: [TypeOrmModule.forFeature([PersonalAccessToken]), EventsModule, UsersModule],
  providers: [TokenAuthenticator, TokensService, TokenLoginService, TokenUsageTracker],
  exports: [TokenAuthenticator, TokensService, TokenLoginService, TokenUsageTracker],
})
export class TokensModule {}
