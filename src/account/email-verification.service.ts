import { Injectable } from '@nestjs/common';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { safeEqual, sha1Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { DeferredTasks } from '../mail/deferred-tasks';
import { MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { emailChangedMail, verifyEmailMail } from './account.mails';
import { hasValidSignature } from './signed-url';
import { publicBaseUrl, verificationLink } from './verification-link';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { RequestFacts } from '../common/request-facts';
import { withQueryParameter } from '../common/browser-navigation';

export const invalidSignature = () => new ApiError(403, { message: 'Invalid signature.' });

const NUMERIC_ID = /^[1-9][0-9]{0,15}$/;

/** Fortify's email verification: a signed, expiring link that needs no login. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly deferred: DeferredTasks,
    private readonly events: GatehouseEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  linkFor(user: Pick<User, 'id' | 'email'>, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const baseUrl = publicBaseUrl(this.config.appUrl, this.config.authRoutePrefix);
    return verificationLink(this.config.appKey, { baseUrl, userId: user.id, email: user.email, nowSeconds });
  }

  /** Mails a fresh link after the current response; a mail failure is logged, never reported. */
  sendLink(user: Pick<User, 'id' | 'email'>): void {
    const message = verifyEmailMail(this.config.appName, user.email, this.linkFor(user));
    this.deferred.run('verification-mail', () => this.mail.send(message));
  }

  /** Tells the old address that the account moved to `newEmail` (after the response, like sendLink). */
  sendEmailChangedNotice(oldEmail: string, newEmail: string): void {
    const message = emailChangedMail(this.config.appName, oldEmail, newEmail, this.config.appUrl);
    this.deferred.run('email-changed-mail', () => this.mail.send(message));
  }

  /** Where a browser goes after following the link (Fortify: `fortify.home` + `?verified=1`). */
  verifiedRedirect(): string {
    return withQueryParameter(this.config.verifiedRedirectUrl, 'verified', '1');
  }

  /**
   * `pathAndQuery` is the request URL as received; it is checked against APP_URL, the address
   * the link was signed for, so a proxy or another host name in front does not break links.
   */
  async verify(facts: RequestFacts, id: string, hash: string, pathAndQuery: string): Promise<void> {
    const signed = `${this.config.appUrl}${pathAndQuery}`;
    if (!hasValidSignature(this.config.appKey, signed, { requireExpiry: true })) throw invalidSignature();
    const user = NUMERIC_ID.test(id) ? await this.users.findById(Number(id)) : null;
    if (!user) throw notFound();
    // A link mailed before an email change carries the old address's hash.
    if (!safeEqual(hash, sha1Hex(user.email))) throw forbidden();
    if (user.emailVerifiedAt) return;
    // Conditional, so two clicks at once record one email.verified (and an address changed meanwhile is not).
    if (!(await this.users.markEmailVerified(user.id, user.email))) return;
    await this.events.emit('email.verified', { facts, userId: user.id, metadata: {} });
  }
}
