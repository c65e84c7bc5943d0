import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { PendingLogin } from './pending-login.entity';
import { PendingLoginsService } from './pending-logins.service';
import { TwoFactorChallengeService } from './two-factor-challenge.service';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorStore } from './two-factor.store';

/**
 * TOTP secrets, recovery codes and pending logins. Depends only on users; auth composes it
 * (TwoFactorLoginGate) into the two login flows.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PendingLogin]), UsersModule],
  providers: [TwoFactorStore, TwoFactorService, PendingLoginsService, TwoFactorChallengeService],
  exports: [TwoFactorStore, TwoFactorService, PendingLoginsService, TwoFactorChallengeService],
})
export class TwoFactorModule {}
