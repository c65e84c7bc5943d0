import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { AuditService } from '../audit/audit.service';
import { isPasswordConfirmationStale, passwordConfirmedAt } from '../auth/password-confirmation';
import { fieldError, passwordConfirmationRequired, tooManyAttempts, validationError } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { RateLimiter } from '../throttle/rate-limiter';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordReentryThrottle } from '../throttle/password-reentry.throttle';
import { PasswordHasher } from '../users/password-hasher';
import { User } from '../users/user.entity';
import type { UserFieldValues } from '../common/user-field-rules';
import { emailTaken, normaliseEmail, UserProfilePatch, UsersService } from '../users/users.service';
import { EmailVerificationService } from './email-verification.service';
import { PER_USER_LIMIT, perUserThrottleKey, VERIFICATION_MAILS } from './route-throttle.guard';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { PASSWORD_MANAGED_BY_DIRECTORY } from '../ldap/ldap-login.service';
import { RequestFacts } from '../common/request-facts';

export const FIELD_MANAGED_BY_DIRECTORY = "This field is managed by your organization's directory; change it there.";

export const CURRENT_PASSWORD_MISMATCH = 'The provided password does not match your current password.';

export interface ProfileInput {
  name: string;
  email: string;
  locale?: string | null;
  fields?: UserFieldValues;
}

/** Fortify's UpdateUserProfileInformation and UpdateUserPassword actions. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly verification: EmailVerificationService,
    private readonly audit: AuditService,
    private readonly events: GatehouseEvents,
    private readonly reentry: PasswordReentryThrottle,
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * A new address is unverified until its own link is followed (a new one is mailed), and the old
   * address is told. Moving the account to another mailbox is what a password reset would follow, so it
   * needs a recent password confirmation, and it spends the user's verification-mail budget.
   */
  async updateProfile(auth: AuthContext, input: ProfileInput): Promise<User> {
    const user = auth.user;
    const email = normaliseEmail(input.email);
    this.assertDirectoryFieldsKept(user, input, email);
    const emailChanged = email !== user.email;
    if (emailChanged) await this.assertEmailChangeAllowed(auth);
    if (emailChanged && (await this.users.isEmailTaken(email, user.id))) throw emailTaken();
    const patch: UserProfilePatch = { name: input.name, email };
    if (input.locale !== undefined) patch.locale = input.locale;
    if (emailChanged) patch.emailVerifiedAt = null;
    const updated = await this.users.updateProfile(user.id, patch, input.fields);
    if (emailChanged) {
      this.verification.sendLink(updated);
      this.verification.sendEmailChangedNotice(user.email, updated.email);
    }
    return updated;
  }

  /** An LDAP user's mapped attributes are the directory's: a local edit would be undone by the next login. */
  private assertDirectoryFieldsKept(user: User, input: ProfileInput, email: string): void {
    if (!user.isLdapUser || !this.config.ldap) return;
    const current: Record<string, unknown> = { ...user.fields, name: user.name, email: user.email };
    const wanted: Record<string, unknown> = { ...input.fields, name: input.name, email };
    const changed = Object.keys(this.config.ldap.attributes).filter((field) => field in wanted && wanted[field] !== current[field]);
    if (changed.length > 0) throw validationError(Object.fromEntries(changed.map((field) => [field, [FIELD_MANAGED_BY_DIRECTORY]])));
  }

  private async assertEmailChangeAllowed(auth: AuthContext): Promise<void> {
    if (isPasswordConfirmationStale(passwordConfirmedAt(auth), this.config.passwordTimeoutSeconds)) throw passwordConfirmationRequired();
    const key = perUserThrottleKey(VERIFICATION_MAILS, auth.user.id);
    const result = await this.limiter.attempt(key, PER_USER_LIMIT.maxAttempts, PER_USER_LIMIT.decaySeconds);
    if (!result.allowed) throw tooManyAttempts(result.retryAfter);
  }

  /**
   * Ends the user's other sessions (docs/http-contract.md §10.20: tokens stay); the current session, if the
   * caller has one, stays logged in.
   */
  async updatePassword(facts: RequestFacts, auth: AuthContext, current: string, next: string): Promise<void> {
    if (auth.user.isLdapUser) throw fieldError('password', PASSWORD_MANAGED_BY_DIRECTORY);
    const valid = await this.reentry.verify(auth.user.id, () => this.hasher.verify(current, auth.user.password));
    if (!valid) throw fieldError('current_password', CURRENT_PASSWORD_MISMATCH);
    const password = await this.hasher.hash(next);
    const ended = await this.dataSource.transaction(async (manager) => {
      await this.users.setPassword(auth.user.id, password, manager);
      const count = await this.sessions.destroyForUser(auth.user.id, auth.session?.hash, manager);
      await this.audit.record('password.changed', { facts, userId: auth.user.id, metadata: { other_sessions_ended: count }, manager });
      return count;
    });
    this.users.forget(auth.user.id);
    await this.events.emit('password.changed', { facts, userId: auth.user.id, metadata: { other_sessions_ended: ended } });
  }
}
