import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../common/api-error';
import type { AuthResult, RequestCredentials } from './auth-context';
import { Authenticator } from './authenticator';
import { CsrfStep } from './csrf-step';
import { verifyThrough } from './passport-runner';
import { RoutePolicy, routePolicy } from './route-policy';
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

  // Synchronous wherever no lookup is needed (a @Public route, a safe method): Nest awaits only a promise.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = routePolicy(context.getHandler(), context.getClass());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentials = this.authenticator.credentials(request, policy.family);
    const forged = policy.csrfExempt ? undefined : this.csrf.check(request, credentials);
    return forged ?? this.identify(request, policy, credentials);
  }

  private identify(request: FastifyRequest, policy: RoutePolicy, credentials: RequestCredentials): boolean | Promise<boolean> {
    if (policy.access === 'public') return admit(request, policy, this.authenticator.guest(credentials));
    // Warm or nothing to look up (most requests): no strategy run, no promise.
    const known = this.authenticator.fromCaches(credentials);
    if (known) return admit(request, policy, known);
    return verifyThrough<AuthResult>(this.strategy, request, credentials).then((result) => admit(request, policy, result));
  }
}

function admit(request: FastifyRequest, policy: RoutePolicy, result: AuthResult): true {
  request.gatehouse = result;
  if (!result.caller && policy.guestIsUnauthenticated) throw unauthenticated(result.failure ?? 'no_credentials');
  return true;
}
