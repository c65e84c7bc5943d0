import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { SocialModule } from '../social/social.module';
import { TwoFactorChallengeService } from '../two-factor/two-factor-challenge.service';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { PasskeyAccountsService } from './passkey-accounts.service';
import { PasskeyCeremony } from './passkey-ceremony';
import { PasskeyChallenge } from './passkey-challenge.entity';
import { PasskeyChallenges } from './passkey-challenges';
import { PasskeyLoginService } from './passkey-login.service';
import { Passkey } from './passkey.entity';
import { PasskeysStore } from './passkeys.store';

/** Passkeys (WebAuthn): owns passkeys and passkey_challenges; its routes are in the web and token families. */
@Module({
  imports: [TypeOrmModule.forFeature([Passkey, PasskeyChallenge]), AuthModule, TwoFactorModule, SocialModule, EventsModule],
  providers: [PasskeysStore, PasskeyChallenges, PasskeyCeremony, PasskeyAccountsService, PasskeyLoginService],
  exports: [PasskeyAccountsService, PasskeyLoginService, PasskeyChallenges],
})
export class PasskeysModule implements OnModuleInit {
  constructor(
    private readonly challenges: TwoFactorChallengeService,
    private readonly login: PasskeyLoginService,
  ) {}

  /** The two-factor challenge (which cannot depend on this module) accepts a passkey assertion through this check. */
  onModuleInit(): void {
    this.challenges.acceptPasskeys((facts, user, credential, via) => this.login.checkSecondFactor(facts, user, credential, via));
  }
}
