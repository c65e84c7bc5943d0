import { Injectable } from '@nestjs/common';
import { tooManyAttempts } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from './client-key';
import { RateLimiter } from './rate-limiter';

/**
 * The login throttle (LOGIN_MAX_ATTEMPTS per LOGIN_DECAY_SECONDS) by client address, for the sign-in routes that
 * have no email to count under (social callbacks and token exchanges, passkey logins); each family counts apart.
 */
@Injectable()
export class LoginAddressThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: Pick<AppConfig, 'login'>,
  ) {}

  /** Counts the try before the credential is checked; beyond the window, throws `refuse(retryAfter)` (429 by default). */
  async hit(family: string, facts: RequestFacts, refuse: (retryAfter: number) => Error = tooManyAttempts): Promise<void> {
    const { maxAttempts, decaySeconds } = this.config.login;
    const result = await this.limiter.attempt(key(family, facts), maxAttempts, decaySeconds);
    if (!result.allowed) throw refuse(result.retryAfter);
  }

  /** As the password login: only a login that needs no two-factor code clears the counter. */
  clear(family: string, facts: RequestFacts): Promise<void> {
    return this.limiter.clear(key(family, facts));
  }
}

const key = (family: string, facts: RequestFacts) => `${family}|${throttleAddress(facts.ip)}`;
