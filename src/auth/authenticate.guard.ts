import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../common/api-error';
import type { AuthResult } from './auth-context';
import { Authenticator } from './authenticator';
import { CsrfStep } from './csrf-step';
import { verifyThrough } from './passport-runner';
import { routePolicy } from './route-policy';
import { SanctumStrategy } from './sanctum.strategy';

/**
 * The first global guard, deny by default: reads the credentials, checks CSRF, runs the sanctum
 * strategy (the Authenticator), stores the one frozen AuthResult on `request.gatehouse`, and is
 * the one place that answers 401.
 */
@Injectable()
export class AuthenticateGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly strategy: SanctumStrategy,
    private readonly csrf: CsrfStep,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = routePolicy(context.getHandler(), context.getClass());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentials = this.authenticator.credentials(request, policy.family);
    if (!policy.csrfExempt) await this.csrf.check(request, credentials);
    const result =
      policy.access === 'public'
        ? this.authenticator.guest(credentials)
        : await verifyThrough<AuthResult>(this.strategy, request, credentials);
    request.gatehouse = result;
    if (!result.caller && policy.guestIsUnauthenticated) throw unauthenticated(result.failure ?? 'no_credentials');
    return true;
  }
}
