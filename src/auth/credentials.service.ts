import { Inject, Injectable } from '@nestjs/common';
import { fieldError, validationError } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';
import { PasswordHasher } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { hasConfirmedTwoFactor } from '../users/user.response';
import { normaliseEmail, UsersService } from '../users/users.service';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { RequestFacts } from '../common/request-facts';
import { FAILED_LOGIN_MESSAGE } from './failed-login-message';
import { LdapLoginService } from '../ldap/ldap-login.service';
import type { LoginIdentifier } from './login-identifier';

/**
 * Checks email + password for /login and /api/login alike: one throttle key (lower(email)|ip) in the
 * shared store (IPv6 by /64), counted before the password is checked so parallel attempts cannot slip past the
 * limit; unknown email and wrong password are indistinguishable in body and timing. With LDAP on, a directory
 * user (and an identifier unknown here) is checked by binding as its entry instead; the answers stay the same,
 * a directory that cannot answer is a 503.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly events: GatehouseEvents,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(FAILED_LOGIN_MESSAGE) private readonly failedLoginMessage: string,
    private readonly ldap: LdapLoginService,
  ) {}

  async attempt(facts: RequestFacts, email: string, password: string, identifier: LoginIdentifier = { field: 'email', via: 'session' }): Promise<User> {
    const field = identifier.field;
    const key = `login|${normaliseEmail(email)}|${throttleAddress(facts.ip)}`;
    const { maxAttempts, decaySeconds } = this.config.login;
    const throttle = await this.limiter.attempt(key, maxAttempts, decaySeconds);
    if (!throttle.allowed) {
      await this.events.emit('login.throttled', { facts, metadata: { email: normaliseEmail(email) } });
      const message = `Too many login attempts. Please try again in ${throttle.retryAfter} seconds.`;
      throw validationError({ [field]: [message] }, 429, { 'Retry-After': String(throttle.retryAfter) });
    }
    const found = await this.users.findByEmail(email);
    const user = await this.verified(facts, found, email, password, identifier.via);
    if (!user || user.disabledAt) {
      await this.events.emit('login.failed', { facts, userId: (user ?? found)?.id ?? null, metadata: { email: normaliseEmail(email) } });
      throw fieldError(field, this.failedLoginMessage);
    }
    // As Fortify: a password that leads to a two-factor challenge does not clear the counter, so
    // logging in again cannot buy unlimited fresh sets of code attempts.
    if (!hasConfirmedTwoFactor(user)) await this.limiter.clear(key);
    return user;
  }

  /** The user the password proves, or null. A directory user never by a local password (its column is null). */
  private async verified(facts: RequestFacts, found: User | null, login: string, password: string, via: 'session' | 'token'): Promise<User | null> {
    if (found && !found.isLdapUser) return (await this.hasher.verify(password, found.password)) ? found : null;
    if (this.ldap.enabled) {
      // The dummy hash runs beside the directory: a local user's wrong password costs a bcrypt, so must this.
      const [user] = await Promise.all([this.ldap.attempt(facts, login, password, found, via), this.hasher.verifyAgainstDummy(password)]);
      return user;
    }
    await this.hasher.verifyAgainstDummy(password);
    return null;
  }
}
