import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottleModule } from '../throttle/throttle.module';
import { UsersModule } from '../users/users.module';
import { PendingLogin } from './pending-login.entity';
import { PendingLoginsService } from './pending-logins.service';
import { TwoFactorChallengeService } from './two-factor-challenge.service';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorStore } from './two-factor.store';
import { EventsModule } from '../events/events.module';

/**
 * TOTP secrets, recovery codes and pending logins. Depends on users and the throttle; auth composes it
 * (TwoFactorLoginGate) into the two login flows.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PendingLogin]), EventsModule, UsersModule, ThrottleModule],
  providers: [TwoFactorStore, TwoFactorService, PendingLoginsService, TwoFactorChallengeService],
  exports: [TwoFactorStore, TwoFactorService, PendingLoginsService, TwoFactorChallengeService],
})
export class TwoFactorModule {}
