import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SessionHandle, sessionHandleOf } from './session-handle';

/** The authenticated user; on @OptionalAuth routes it may be null. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().auth?.user ?? null;
});

/** The whole credential context (`via`, session or token). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().auth ?? null;
});

/** The browser session the request speaks for (SessionHandle), for the services that change it. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionHandle => {
  return sessionHandleOf(ctx.switchToHttp().getRequest<FastifyRequest>().gatehouse);
});
