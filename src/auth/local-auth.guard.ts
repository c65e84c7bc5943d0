import { CanActivate, ExecutionContext, Injectable, Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { laravelValidationPipe } from '../common/validation.pipe';
import type { User } from '../users/user.entity';
import { ApiLoginDto } from './dto/api-login.dto';
import { LoginDto } from './dto/login.dto';
import { loginFieldOf, rememberLoginIdentifier } from './login-identifier';
import { LocalStrategy } from './local.strategy';
import { runStrategy } from './passport-runner';

/**
 * Runs passport-local for a credential login and puts the user on `request.user`. Guards run
 * before pipes, so the body is validated here first: a missing field is Laravel's 422, not a
 * credentials failure.
 */
export function credentialsGuard(dto: Type<object> = LoginDto): Type<CanActivate> {
  @Injectable()
  class CredentialsGuard implements CanActivate {
    private readonly pipe = laravelValidationPipe();

    constructor(private readonly strategy: LocalStrategy) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const http = context.switchToHttp();
      const request = http.getRequest<FastifyRequest & { user?: User }>();
      await this.pipe.transform(request.body, { type: 'body', metatype: dto });
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = loginFieldOf(body);
      if (field === 'username') request.body = { ...body, email: body.username };
      rememberLoginIdentifier(request, { field, via: dto === ApiLoginDto || dto.prototype instanceof ApiLoginDto ? 'token' : 'session' });
      const user = await runStrategy<User>(this.strategy, request, http.getResponse<FastifyReply>());
      if (!user) return false;
      request.user = user;
      return true;
    }
  }
  return CredentialsGuard;
}
