import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, Messages } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { REQUIRES_VERIFIED_EMAIL } from '../common/verified.decorator';

/**
 * Laravel's `verified` middleware, global and after authentication: with MUST_VERIFY_EMAIL=true,
 * a route marked @Verified() answers 403 unless the caller's email is verified (a guest on an
 * @OptionalAuth route has none either, as in Laravel).
 */
@Injectable()
export class VerifiedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.mustVerifyEmail) return true;
    const marked = this.reflector.getAllAndOverride<boolean>(REQUIRES_VERIFIED_EMAIL, [context.getHandler(), context.getClass()]);
    if (!marked) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest>().auth?.user;
    if (user?.emailVerifiedAt) return true;
    throw forbidden(Messages.unverified);
  }
}
