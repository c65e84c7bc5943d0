import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tooManyAttempts } from '../common/api-error';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';

export interface RouteThrottle {
  name: string;
  maxAttempts: number;
  decaySeconds: number;
  key(request: FastifyRequest): string;
}

/**
 * Laravel's `throttle:6,1` on one route: every request counts (before validation, as the
 * middleware runs before the controller) in the shared store; beyond the limit, 429
 * `Too Many Attempts.` with Retry-After.
 */
export function throttleGuard(throttle: RouteThrottle): Type<CanActivate> {
  @Injectable()
  class RouteThrottleGuard implements CanActivate {
    constructor(@Inject(RateLimiter) private readonly limiter: RateLimiter) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const key = `${throttle.name}|${throttle.key(request)}`;
      const result = await this.limiter.attempt(key, throttle.maxAttempts, throttle.decaySeconds);
      if (!result.allowed) throw tooManyAttempts(result.retryAfter);
      return true;
    }
  }
  return RouteThrottleGuard;
}

/** 6 per minute per client IP, IPv6 by /64 (forgot-password). */
export const perIpThrottle = (name: string) =>
  throttleGuard({ name, maxAttempts: 6, decaySeconds: 60, key: (request) => throttleAddress(request.ip) });

/** The key perUserThrottle counts an authenticated user under, for code that must share its budget. */
export const perUserThrottleKey = (name: string, userId: number) => `${name}|user:${userId}`;

/** The per-user budget of verification mails: resends and email changes both draw on it. */
export const VERIFICATION_MAILS = 'verification-notification';

/** Laravel's throttle:6,1. */
export const PER_USER_LIMIT = { maxAttempts: 6, decaySeconds: 60 };

/** 6 per minute per user, or per IP for guests (Laravel's throttle:6,1 key). */
export const perUserThrottle = (name: string) =>
  throttleGuard({ name, ...PER_USER_LIMIT, key: (request) => (request.auth ? `user:${request.auth.user.id}` : `ip:${throttleAddress(request.ip)}`) });
