import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { RATE_LIMIT_NAME } from './named-rate-limit.guard';

/** Refuses to start when a `@RateLimit(name)` names no configured limiter, rather than failing its requests. */
@Injectable()
export class RateLimitNamesCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const unknown = [...this.namesInUse()].filter((name) => !Object.hasOwn(this.config.rateLimiters, name));
    if (unknown.length > 0) {
      throw new Error(`@RateLimit names no configured limiter: ${unknown.join(', ')} (defined: ${Object.keys(this.config.rateLimiters).join(', ')})`);
    }
  }

  private namesInUse(): Set<string> {
    const names = new Set<string>();
    for (const { metatype } of this.discovery.getControllers()) {
      if (typeof metatype !== 'function') continue;
      const onClass = this.reflector.get<string | undefined>(RATE_LIMIT_NAME, metatype);
      if (onClass !== undefined) names.add(onClass);
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        const name = typeof handler === 'function' ? this.reflector.get<string | undefined>(RATE_LIMIT_NAME, handler) : undefined;
        if (name !== undefined) names.add(name);
      }
    }
    return names;
  }
}
