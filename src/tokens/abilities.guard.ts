import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { forbidden, Messages, unauthenticated } from '../common/api-error';
import { abilityAllows } from './abilities';
import { REQUIRES_ALL_ABILITIES, REQUIRES_ANY_ABILITY } from './abilities.decorator';

interface Requirement {
  mode: 'all' | 'any';
  abilities: string[];
}

/**
 * Global guard after SanctumGuard: enforces @Abilities / @AnyAbility. A decorator on the class
 * and one on the method are separate checks that must both pass, as two Laravel middlewares would.
 */
@Injectable()
export class AbilitiesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirements = this.requirements(context);
    if (requirements.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const auth = request.auth;
    // As CheckAbilities: no caller at all (an @OptionalAuth guest) is a 401, not a 403.
    if (!auth) throw unauthenticated('no_credentials');
    if (auth.via === 'session') return true;
    const held = auth.token.abilities;
    const missing = requirements.find(({ mode, abilities }) =>
      mode === 'all' ? !abilities.every((a) => abilityAllows(held, a)) : !abilities.some((a) => abilityAllows(held, a)),
    );
    if (!missing) return true;
    await this.audit.record('authorization.denied', {
      request,
      metadata: { reason: 'missing_ability', required: missing.abilities, mode: missing.mode, token_id: auth.token.id },
    });
    throw forbidden(Messages.invalidAbility);
  }

  private requirements(context: ExecutionContext): Requirement[] {
    const out: Requirement[] = [];
    for (const target of [context.getClass(), context.getHandler()]) {
      const all = this.reflector.get<string[] | undefined>(REQUIRES_ALL_ABILITIES, target);
      const any = this.reflector.get<string[] | undefined>(REQUIRES_ANY_ABILITY, target);
      if (all?.length) out.push({ mode: 'all', abilities: all });
      if (any?.length) out.push({ mode: 'any', abilities: any });
    }
    return out;
  }
}
