import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../common/api-error';
import type { AuthContext } from './auth-context';

/** The authenticated user; on @OptionalAuth routes it may be null. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().auth?.user ?? null;
});

/** The whole credential context (`via`, session or token). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().auth ?? null;
});

/** For services called with a request: the caller, or a 401 when there is none. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated('no_credentials');
  return request.auth;
}
