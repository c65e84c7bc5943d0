import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, WhereExpressionBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { fieldError } from '../common/api-error';
import { randomAlnum, sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { DeferredTasks } from '../mail/deferred-tasks';
import { MailService } from '../mail/mail.service';
import { SessionsService } from '../sessions/sessions.service';
import { RateLimiter } from '../throttle/rate-limiter';
import { TokensService } from '../tokens/tokens.service';
import { PasswordHasher } from '../users/password-hasher';
import { normaliseEmail, UsersService } from '../users/users.service';
import { directoryPasswordMail, RESET_LINK_MINUTES, resetPasswordMail } from './account.mails';
import { PasswordResetToken } from './password-reset-token.entity';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { RequestFacts } from '../common/request-facts';
import { PASSWORD_MANAGED_BY_DIRECTORY } from '../ldap/ldap-login.service';

export const INVALID_RESET_TOKEN = 'This password reset token is invalid.';
const ONE_MAIL_PER_SECONDS = 60;

export interface PasswordResetInput {
  token: string;
  email: string;
  password: string;
}

/**
 * Fortify's password broker, minus its user enumeration: the link request answers the same
 * whatever the address, because all of its work (lookup, token, mail) runs after the response.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectRepository(PasswordResetToken) private readonly resetTokens: Repository<PasswordResetToken>,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly events: GatehouseEvents,
    private readonly mail: MailService,
    private readonly deferred: DeferredTasks,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  requestLink(email: string): void {
    this.deferred.run('password-reset-link', () => this.sendLink(normaliseEmail(email)));
  }

  private async sendLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    // One mail per address per minute, counted in the shared store (all instances).
    const { allowed } = await this.limiter.attempt(`password-reset-link|${user.email}`, 1, ONE_MAIL_PER_SECONDS);
    if (!allowed) return;
    // A directory user's password is not ours to reset: no token, a mail that says where to change it.
    if (user.isLdapUser) {
      await this.mail.send(directoryPasswordMail(this.config.appName, user.email, new URL(this.config.resetPasswordUrl).origin));
      return;
    }
    const token = randomAlnum(64);
    await this.resetTokens.query(
      `INSERT INTO password_reset_tokens (email, user_id, token, created_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (email) DO UPDATE SET user_id = EXCLUDED.user_id, token = EXCLUDED.token, created_at = EXCLUDED.created_at`,
      [user.email, user.id, sha256Hex(token)],
    );
    await this.mail.send(resetPasswordMail(this.config.appName, user.email, this.resetLink(token, user.email)));
  }

  /** `$RESET_PASSWORD_URL?token=…&email=…` (docs/http-contract.md §3.3). */
  resetLink(token: string, email: string): string {
    const url = new URL(this.config.resetPasswordUrl);
    url.searchParams.set('token', token);
    url.searchParams.set('email', email);
    return url.toString();
  }

  /**
   * Checks the token before bcrypt runs, so a bogus token costs a lookup, not a hash. Then consumes
   * it (DELETE … RETURNING: of two parallel uses exactly one gets the row), sets the password, ends
   * every session and revokes every token, all in one transaction that never waits on bcrypt.
   */
  async reset(facts: RequestFacts, input: PasswordResetInput): Promise<void> {
    const email = normaliseEmail(input.email);
    const tokenHash = sha256Hex(input.token);
    // The token first, so this answer tells a stranger nothing about the address (a directory user never gets one).
    if (!(await whereLive(this.resetTokens.createQueryBuilder(), email, tokenHash).getExists())) throw fieldError('email', INVALID_RESET_TOKEN);
    if ((await this.users.findByEmail(email))?.isLdapUser) throw fieldError('email', PASSWORD_MANAGED_BY_DIRECTORY);
    const password = await this.hasher.hash(input.password);
    const resetUserId = await this.resetTokens.manager.transaction(async (manager) => {
      const deletion = manager.createQueryBuilder().delete().from(PasswordResetToken);
      const consumed = await whereLive(deletion, email, tokenHash).returning('user_id').execute();
      const userId = (consumed.raw as Array<{ user_id: number | string }>)[0]?.user_id;
      // A parallel reset with the same token won the row while this one was hashing.
      if (userId === undefined) throw fieldError('email', INVALID_RESET_TOKEN);
      await this.users.setPassword(Number(userId), password, manager);
      await this.sessions.destroyForUser(Number(userId), undefined, manager);
      await this.tokens.revokeAllFor(Number(userId), manager);
      await this.audit.record('password.reset', { facts, userId: Number(userId), manager });
      return Number(userId);
    });
    this.users.forget(resetUserId);
    await this.events.emit('password.reset', { facts, userId: resetUserId, metadata: {} });
  }
}

/** The reset token row for this address and token, if unexpired and the address is still the user's. */
function whereLive<T extends WhereExpressionBuilder>(builder: T, email: string, tokenHash: string): T {
  return builder
    .where('email = :email AND token = :token', { email, token: tokenHash })
    .andWhere('created_at > now() - make_interval(mins => :minutes)', { minutes: RESET_LINK_MINUTES })
    // The address must still be the user's: a link sent before an email change is dead.
    .andWhere('user_id IN (SELECT id FROM users WHERE lower(email) = :email)', { email }) as T;
}
