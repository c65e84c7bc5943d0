import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ApiError, unauthenticated } from '../common/api-error';
import { IS_PUBLIC, OPTIONAL_AUTH } from '../common/public.decorator';
import { AuthContext } from './auth-context';

/** Deny by default: every route needs a caller unless marked @Public() or @OptionalAuth(). */
@Injectable()
export class SanctumGuard extends AuthGuard('sanctum') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof ApiError && error.getStatus() === 401 && this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets)) {
        return true;
      }
      throw error;
    }
  }

  override handleRequest<T = AuthContext>(error: unknown, auth: T | false, _info: unknown, context: ExecutionContext): T {
    if (error) throw error;
    if (!auth) throw unauthenticated('no_credentials');
    context.switchToHttp().getRequest<FastifyRequest>().auth = auth as unknown as AuthContext;
    return auth;
  }
}
