import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestFacts } from '../common/request-facts';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { routePolicy } from '../auth/route-policy';
import type { AccessRequirement } from '../common/requirements';
import { VERIFIED_CONTROLLERS, withVerified } from '../common/family-requirements';
import type { VerifiedControllers } from '../common/family-requirements';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { AccessService } from '../rbac/access.service';
import { Caller } from '../rbac/effective-access';
import { Denial, evaluate } from './requirement-checks';

/**
 * The second global guard: evaluates the route's requirements (ability, verified email, fresh
 * password, roles, permissions) in their fixed order against the AuthResult, and denies through
 * one path. The authenticate guard has already answered 401 wherever a guest must not pass.
 */
@Injectable()
export class AuthorizeGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
    @Optional() @Inject(VERIFIED_CONTROLLERS) private readonly verifiedControllers: VerifiedControllers = new Set(),
  ) {}

  // Synchronous for a route without requirements (most of them): Nest awaits only a promise.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const requirements = this.requirementsOf(context.getHandler(), context.getClass());
    if (requirements.length === 0) return true;
    return this.check(context.switchToHttp().getRequest<FastifyRequest>(), requirements);
  }

  private async check(request: FastifyRequest, requirements: readonly AccessRequirement[]): Promise<boolean> {
    const caller = request.auth;
    let rbacCaller: Caller | null = null;
    for (const requirement of requirements) {
      if (isRbac(requirement) && caller && !rbacCaller) rbacCaller = await this.rbacCaller(caller);
      const denial = evaluate(requirement, { caller, rbacCaller, config: this.config });
      if (denial) await this.deny(request, denial);
    }
    return true;
  }

  /** The route's own requirements, plus `verified` when its family sits behind it (routes that need a caller). */
  private requirementsOf(handler: object, controller: object): readonly AccessRequirement[] {
    const policy = routePolicy(handler, controller);
    if (policy.access !== 'required' || !this.verifiedControllers.has(controller)) return policy.requirements;
    return withVerified(policy.requirements);
  }

  private async rbacCaller(auth: AuthContext): Promise<Caller> {
    return { access: await this.access.forUser(auth.user), abilities: auth.via === 'token' ? auth.token.abilities : null };
  }

  /** The one deny path: the audit event where the denial carries one, then the error. */
  private async deny(request: FastifyRequest, denial: Denial): Promise<never> {
    if (denial.audit) {
      const metadata = denial.audit === 'rbac' ? { method: request.method, path: request.url.split('?')[0], ...denial.metadata } : denial.metadata;
      await this.audit.record('authorization.denied', { facts: requestFacts(request), userId: request.auth?.user.id, metadata });
    }
    throw denial.error;
  }
}

function isRbac(requirement: AccessRequirement): boolean {
  return requirement.kind === 'roles' || requirement.kind === 'permissions';
}
