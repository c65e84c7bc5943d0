import { ExecutionContext, Injectable, Type } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { laravelValidationPipe } from '../common/validation.pipe';
import { LoginDto } from './dto/login.dto';

/**
 * Runs passport-local for a credential login. Guards run before pipes, so the body is validated
 * here first: a missing field is Laravel's 422, not a credentials failure.
 */
export function credentialsGuard(dto: Type<object> = LoginDto) {
  @Injectable()
  class CredentialsGuard extends AuthGuard('local') {
    private readonly pipe = laravelValidationPipe();

    override async canActivate(context: ExecutionContext): Promise<boolean> {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      await this.pipe.transform(request.body, { type: 'body', metatype: dto });
      return (await super.canActivate(context)) as boolean;
    }

    override handleRequest<T>(error: unknown, user: T): T {
      if (error) throw error;
      return user;
    }
  }
  return CredentialsGuard;
}
