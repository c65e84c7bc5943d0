import { Injectable } from '@nestjs/common';
import type { RequestFacts } from '../common/request-facts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';
import { SocialLoginError } from './social-error';

/** The login throttle (LOGIN_MAX_ATTEMPTS per LOGIN_DECAY_SECONDS), keyed by client address for the social routes. */
@Injectable()
export class SocialThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async hit(facts: RequestFacts): Promise<void> {
    const { maxAttempts, decaySeconds } = this.config.login;
    const result = await this.limiter.attempt(this.key(facts), maxAttempts, decaySeconds);
    if (!result.allowed) throw new SocialLoginError('too_many_attempts', `retry after ${result.retryAfter}s`);
  }

  /** As the password login: only a login that needs no two-factor code clears the counter. */
  clear(facts: RequestFacts): Promise<void> {
    return this.limiter.clear(this.key(facts));
  }

  private key(facts: RequestFacts): string {
    return `social|${throttleAddress(facts.ip)}`;
  }
}
