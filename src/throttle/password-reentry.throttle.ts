import { Injectable } from '@nestjs/common';
import { tooManyAttempts } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { RateLimiter } from './rate-limiter';

/**
 * Where a signed-in user re-enters the password (confirm-password, password change, ending other
 * sessions, deleting the account): one per-user window shared by all those routes and all the
 * user's sessions and tokens, with the login limits. A stolen session must not become a password
 * oracle. Counted before the bcrypt check, so parallel guesses cannot slip past it and refused ones
 * cost no hashing; a correct password clears it, as a successful login does.
 */
@Injectable()
export class PasswordReentryThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: Pick<AppConfig, 'login'>,
  ) {}

  /** Runs `check` (the password comparison) within the limit; 429 with Retry-After beyond it. */
  async verify(userId: number, check: () => Promise<boolean>): Promise<boolean> {
    const key = `password-reentry|user:${userId}`;
    const { maxAttempts, decaySeconds } = this.config.login;
    const result = await this.limiter.attempt(key, maxAttempts, decaySeconds);
    if (!result.allowed) throw tooManyAttempts(result.retryAfter);
    const valid = await check();
    if (valid) await this.limiter.clear(key);
    return valid;
  }
}
