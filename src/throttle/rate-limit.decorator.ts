import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { NamedRateLimitGuard, RATE_LIMIT_NAME } from './named-rate-limit.guard';

/**
 * Laravel's `throttle:<name>` middleware for a route or a controller: the limiter is looked up by name
 * in the configuration's `rateLimiters` (`api`: RATE_LIMIT_API, 60 per minute per user, else per IP).
 * Needs no global guard; it runs after authentication, so it can key by the user.
 */
export const RateLimit = (name = 'api') => applyDecorators(SetMetadata(RATE_LIMIT_NAME, name), UseGuards(NamedRateLimitGuard));
