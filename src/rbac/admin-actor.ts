import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../common/api-error';

/**
 * Who performs an admin action, as plain facts: the user, the team whose grants the guard checked,
 * and a token caller's abilities (null for a session: every ability).
 */
export interface AdminActor {
  userId: number;
  currentTeamId: number | null;
  abilities: readonly string[] | null;
}

/** The caller of an admin route as an AdminActor (the guards have already required one). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminActor => {
  const auth = ctx.switchToHttp().getRequest<FastifyRequest>().auth;
  // Unreachable on admin routes (they require a caller: the authenticate guard answered the 401).
  if (!auth) throw forbidden();
  return {
    userId: auth.user.id,
    currentTeamId: auth.user.currentTeamId,
    abilities: auth.via === 'token' ? auth.token.abilities : null,
  };
});
