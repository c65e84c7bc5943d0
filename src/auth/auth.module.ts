import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { FastifyInstance } from 'fastify';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { FrontendState } from './auth-context';
import { CredentialsService } from './credentials.service';
import { LocalStrategy } from './local.strategy';
import { SanctumStrategy } from './sanctum.strategy';
import { SessionCookies } from './session-cookies';
import { SessionLoginService } from './session-login.service';
import { TwoFactorLoginGate } from './two-factor-login.gate';

@Module({
  imports: [PassportModule, UsersModule, SessionsModule, TokensModule, ThrottleModule],
  providers: [SanctumStrategy, LocalStrategy, CredentialsService, SessionLoginService, SessionCookies, TwoFactorLoginGate],
  exports: [CredentialsService, SessionLoginService, TwoFactorLoginGate, UsersModule, SessionsModule, TokensModule, ThrottleModule],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly cookies: SessionCookies,
  ) {}

  /** The session and XSRF-TOKEN cookies are written once, as the response leaves (errors included). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // CLI application context: no HTTP server.
    fastify.decorateRequest('auth', null);
    fastify.decorateRequest('frontend', null as unknown as FrontendState);
    fastify.addHook('onSend', async (request, reply) => {
      const state = request.frontend;
      if (state?.issueCookies && state.sessionId) this.cookies.issue(reply, state.sessionId, state.remember);
    });
  }
}
