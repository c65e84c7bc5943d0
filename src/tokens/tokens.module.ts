import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { PersonalAccessToken } from './personal-access-token.entity';
import { TokenAuthenticator } from './token-authenticator';
import { TokensService } from './tokens.service';

@Module({
  imports: [TypeOrmModule.forFeature([PersonalAccessToken]), UsersModule],
  providers: [TokenAuthenticator, TokensService],
  exports: [TokenAuthenticator, TokensService, TypeOrmModule],
})
export class TokensModule {}
