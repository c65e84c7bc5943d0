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

/**
 * Checks email + password for /login and /api/login alike: one throttle key (lower(email)|ip) in the
 * shared store (IPv6 by /64), counted before the password is checked so parallel attempts cannot slip past the
 * limit; unknown email and wrong password are indistinguishable in body and timing.
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
  ) {}

  async attempt(facts: RequestFacts, email: string, password: string): Promise<User> {
    const key = `login|${normaliseEmail(email)}|${throttleAddress(facts.ip)}`;
    const { maxAttempts, decaySeconds } = this.config.login;
    const throttle = await this.limiter.attempt(key, maxAttempts, decaySeconds);
    if (!throttle.allowed) {
      await this.events.emit('login.throttled', { facts, metadata: { email: normaliseEmail(email) } });
      const message = `Too many login attempts. Please try again in ${throttle.retryAfter} seconds.`;
      throw validationError({ email: [message] }, 429, { 'Retry-After': String(throttle.retryAfter) });
    }
    const user = await this.users.findByEmail(email);
    const valid = user ? await this.hasher.verify(password, user.password) : await this.hasher.verifyAgainstDummy(password);
    if (!user || !valid) {
      await this.events.emit('login.failed', { facts, userId: user?.id ?? null, metadata: { email: normaliseEmail(email) } });
      throw fieldError('email', this.failedLoginMessage);
    }
    // As Fortify: a password that leads to a two-factor challenge does not clear the counter, so
    // logging in again cannot buy unlimited fresh sets of code attempts.
    if (!hasConfirmedTwoFactor(user)) await this.limiter.clear(key);
    return user;
  }
}
