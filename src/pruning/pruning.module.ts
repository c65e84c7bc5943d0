import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { TokensModule } from '../tokens/tokens.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { PasskeysModule } from '../passkeys/passkeys.module';
import { Pruner } from './pruner';

/** Scheduled garbage collection of the features' expired rows (each feature's own prune does the deleting). */
@Module({
  imports: [SessionsModule, TokensModule, TwoFactorModule, ThrottleModule, PasskeysModule],
  providers: [Pruner],
  exports: [Pruner],
})
export class PruningModule {}
