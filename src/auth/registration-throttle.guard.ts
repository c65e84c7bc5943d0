import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tooManyAttempts } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';

/**
 * REGISTER_MAX_ATTEMPTS per REGISTER_DECAY_SECONDS per client address, one window shared by
 * /register and /api/register. Every request counts, before validation (as Laravel's throttle
 * middleware), so a flood is refused before it reaches bcrypt or the users table.
 */
@Injectable()
export class RegistrationThrottleGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @InjectConfig() private readonly config: Pick<AppConfig, 'register'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { maxAttempts, decaySeconds } = this.config.register;
    const result = await this.limiter.attempt(`register|${throttleAddress(request.ip)}`, maxAttempts, decaySeconds);
    if (!result.allowed) throw tooManyAttempts(result.retryAfter);
    return true;
  }
}
