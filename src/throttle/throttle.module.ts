import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { LoginAddressThrottle } from './login-address.throttle';
import { PasswordReentryThrottle } from './password-reentry.throttle';
import { PostgresRateLimitStore } from './postgres-rate-limit.store';
import { RateLimitNamesCheck } from './rate-limit-names.check';
import { RateLimiter, RateLimitStore } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/**
 * Limits are shared by every instance of the server: in Redis when REDIS_URL is set, otherwise in
 * PostgreSQL. A factory, so the Redis client is only created (and connected) when it is used.
 */
export function createRateLimitStore(config: AppConfig, dataSource: DataSource): RateLimitStore {
  return config.redisUrl ? new RedisRateLimitStore(config) : new PostgresRateLimitStore(dataSource);
}

@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: RateLimitStore, useFactory: createRateLimitStore, inject: [APP_CONFIG, getDataSourceToken()] },
    RateLimiter,
    PasswordReentryThrottle,
    LoginAddressThrottle,
    RateLimitNamesCheck,
  ],
  exports: [RateLimiter, RateLimitStore, PasswordReentryThrottle, LoginAddressThrottle],
})
export class ThrottleModule {}
