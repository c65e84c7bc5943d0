import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { UserLifecycle } from '../users/user-lifecycle';
import { AccountDeletionService } from './account-deletion.service';
import { BrowserSessionsService } from './browser-sessions.service';
import { EmailVerificationService } from './email-verification.service';
import { PasswordCheck } from './password-check';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordResetService } from './password-reset.service';
import { ProfileService } from './profile.service';
import { EventsModule } from '../events/events.module';

/** Account management: profile, password, reset, email verification, browser sessions, deletion. */
@Module({
  imports: [TypeOrmModule.forFeature([PasswordResetToken]), EventsModule, AuthModule, MailModule],
  providers: [
    PasswordResetService,
    EmailVerificationService,
    ProfileService,
    BrowserSessionsService,
    AccountDeletionService,
    PasswordCheck,
  ],
  exports: [PasswordResetService, EmailVerificationService, ProfileService, BrowserSessionsService, AccountDeletionService],
})
export class AccountModule implements OnModuleInit {
  constructor(
    private readonly lifecycle: UserLifecycle,
    private readonly verification: EmailVerificationService,
  ) {}

  /** Registration (web, API, CLI) mails a verification link once the user is committed. */
  onModuleInit(): void {
    this.lifecycle.onCreated((user) => {
      if (!user.emailVerifiedAt) this.verification.sendLink(user);
    });
  }
}
