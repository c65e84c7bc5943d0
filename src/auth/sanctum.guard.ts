import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from '../common/api-error';
import { IS_PUBLIC, OPTIONAL_AUTH } from '../common/public.decorator';
import { AuthContext } from './auth-context';
import { runStrategy } from './passport-runner';
import { SanctumStrategy } from './sanctum.strategy';

/** Deny by default: every route needs a caller unless marked @Public() or @OptionalAuth(). */
@Injectable()
export class SanctumGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: SanctumStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const auth = await runStrategy<AuthContext>(this.strategy, request, http.getResponse<FastifyReply>());
    if (auth) {
      request.auth = auth;
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets)) return true;
    throw unauthenticated(request.frontend.failure ?? 'no_credentials');
  }
}
