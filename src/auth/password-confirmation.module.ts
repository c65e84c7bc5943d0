import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { LdapModule } from '../ldap/ldap.module';
import { PasswordConfirmationService } from './password-confirmation.service';

/** The confirm-password service; its guard is global (app.module.ts) and needs only config. */
@Module({
  imports: [UsersModule, SessionsModule, TokensModule, ThrottleModule, LdapModule],
  providers: [PasswordConfirmationService],
  exports: [PasswordConfirmationService],
})
export class PasswordConfirmationModule {}
