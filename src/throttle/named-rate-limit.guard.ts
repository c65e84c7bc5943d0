import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, Messages } from '../common/api-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { NamedRateLimit } from '../config/rate-limits';
import { throttleAddress } from './client-key';
import { AttemptResult, RateLimiter } from './rate-limiter';

export const RATE_LIMIT_NAME = Symbol('gatehouse:rate-limit');

/** The store key of one client under one named limiter; IPv6 clients are grouped by /64. */
export function namedLimitKey(name: string, limit: NamedRateLimit, request: FastifyRequest): string {
  const user = limit.by === 'ip' ? undefined : request.auth?.user.id;
  return user === undefined ? `limiter:${name}|ip:${throttleAddress(request.ip)}` : `limiter:${name}|user:${user}`;
}

/**
 * Applied by `@RateLimit(name)`. Every request counts (before validation, as Laravel's middleware)
 * in the shared store; every answer of a limited route carries X-RateLimit-Limit and
 * X-RateLimit-Remaining, and a 429 adds Retry-After and X-RateLimit-Reset.
 */
@Injectable()
export class NamedRateLimitGuard implements CanActivate {
  private limiter?: RateLimiter;
  private config?: AppConfig;

  constructor(
    private readonly reflector: Reflector,
    // Resolved globally: the guard is instantiated in whichever host module declares the route.
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.getAllAndOverride<string | undefined>(RATE_LIMIT_NAME, [context.getHandler(), context.getClass()]);
    if (name === undefined) return true;
    const limit = this.limitNamed(name);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    this.limiter ??= this.moduleRef.get(RateLimiter, { strict: false });
    const result = await this.limiter.attempt(namedLimitKey(name, limit, request), limit.maxAttempts, limit.decaySeconds);
    http.getResponse<FastifyReply>().headers(limitHeaders(limit, result));
    if (!result.allowed) throw tooManyAttempts(result);
    return true;
  }

  private limitNamed(name: string): NamedRateLimit {
    this.config ??= this.moduleRef.get<AppConfig>(APP_CONFIG, { strict: false });
    const { rateLimiters } = this.config;
    const limit = Object.hasOwn(rateLimiters, name) ? rateLimiters[name] : undefined;
    // RateLimitNamesCheck refuses to start with an unknown name; should one slip past it, fail loudly rather than not limit.
    if (!limit) throw new Error(`@RateLimit('${name}') names no limiter in the configuration's rateLimiters`);
    return limit;
  }
}

function limitHeaders(limit: NamedRateLimit, result: AttemptResult): Record<string, string> {
  return { 'X-RateLimit-Limit': String(limit.maxAttempts), 'X-RateLimit-Remaining': String(result.remaining) };
}

function tooManyAttempts(result: AttemptResult): ApiError {
  const retryAfter = Math.max(1, result.retryAfter);
  return new ApiError(429, { message: Messages.tooManyAttempts }, {
    'Retry-After': String(retryAfter),
    // Laravel's availableAt(): when the window ends, as a Unix timestamp.
    'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + retryAfter),
  });
}
