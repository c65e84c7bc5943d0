import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { forbidden, unauthenticated } from '../common/api-error';
import { AccessService } from './access.service';
import { Caller, Requirement, satisfies } from './effective-access';
import { requirementsOf } from './rbac.decorators';

/**
 * The last global guard: enforces @Roles / @Permissions / @AnyPermission once the caller is known.
 * A guest gets 401 (not spatie's 403 "User is not logged in.", which never triggers a client's
 * re-login); a caller lacking access gets 403 and an `authorization.denied` audit event.
 */
@Injectable()
export class RbacGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirements = requirementsOf(context.getHandler(), context.getClass());
    if (requirements.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const auth = request.auth;
    if (!auth) throw unauthenticated('no_credentials');
    const caller: Caller = {
      access: await this.access.forUser(auth.user),
      abilities: auth.via === 'token' ? auth.token.abilities : null,
    };
    const failed = requirements.find((requirement) => !satisfies(caller, requirement));
    if (!failed) return true;
    await this.recordDenial(request, failed);
    throw forbidden();
  }

  private recordDenial(request: FastifyRequest, failed: Requirement): Promise<void> {
    return this.audit.record('authorization.denied', {
      request,
      metadata: {
        method: request.method,
        path: request.url.split('?')[0],
        via: request.auth?.via,
        team_id: request.auth?.user.currentTeamId ?? null,
        required: failed.kind,
        names: failed.names,
      },
    });
  }
}
