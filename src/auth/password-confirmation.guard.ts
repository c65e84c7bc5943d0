import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { passwordConfirmationRequired } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { requireAuth } from './current-user.decorator';
import { isPasswordConfirmationStale, passwordConfirmedAt } from './password-confirmation';
import { REQUIRES_PASSWORD_CONFIRMATION } from '../common/password-confirmation.decorator';

/**
 * Fortify's `password.confirm` for JSON clients: routes marked @RequirePasswordConfirmation() answer
 * 423 unless the credential in use (the session, or the bearer token) confirmed its password within
 * PASSWORD_TIMEOUT seconds. Runs after authentication, so `request.auth` is known.
 */
@Injectable()
export class PasswordConfirmationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const marked = this.reflector.getAllAndOverride<boolean>(REQUIRES_PASSWORD_CONFIRMATION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!marked) return true;
    const auth = requireAuth(context.switchToHttp().getRequest<FastifyRequest>());
    if (isPasswordConfirmationStale(passwordConfirmedAt(auth), this.config.passwordTimeoutSeconds)) {
      throw passwordConfirmationRequired();
    }
    return true;
  }
}
