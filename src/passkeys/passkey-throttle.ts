import { Injectable } from '@nestjs/common';
import { tooManyAttempts } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';

/** The login throttle (LOGIN_MAX_ATTEMPTS per LOGIN_DECAY_SECONDS) for passkey logins, keyed by client address. */
@Injectable()
export class PasskeyThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Counts the try before the assertion is checked; 429 once the window is used up. */
  async hit(facts: RequestFacts): Promise<void> {
    const { maxAttempts, decaySeconds } = this.config.login;
    const result = await this.limiter.attempt(this.key(facts), maxAttempts, decaySeconds);
    if (!result.allowed) throw tooManyAttempts(result.retryAfter);
  }

  /** As the password login: only a login that needs no two-factor code clears the counter. */
  clear(facts: RequestFacts): Promise<void> {
    return this.limiter.clear(this.key(facts));
  }

  private key(facts: RequestFacts): string {
    return `passkey|${throttleAddress(facts.ip)}`;
  }
}
