import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The facts about a request that services may see: never the request object itself. */
export interface RequestFacts {
  /** The client address (after TRUSTED_PROXIES), as Fastify resolved it. */
  readonly ip: string;
  readonly userAgent: string | null;
}

export function requestFacts(request: FastifyRequest): RequestFacts {
  const agent = request.headers['user-agent'];
  return Object.freeze({ ip: request.ip, userAgent: typeof agent === 'string' ? agent : null });
}

/** The request's RequestFacts as a handler parameter. */
export const ClientFacts = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestFacts =>
  requestFacts(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
