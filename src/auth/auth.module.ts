import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { FastifyInstance } from 'fastify';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { TokensModule } from '../tokens/tokens.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { AuthResult } from './auth-context';
import { Authenticator } from './authenticator';
import { CsrfStep } from './csrf-step';
import { registerCors } from './cors';
import { AuthFlowService } from './auth-flow.service';
import { CredentialsService } from './credentials.service';
import { LocalStrategy } from './local.strategy';
import { SanctumStrategy } from './sanctum.strategy';
import { SessionCookies } from './session-cookies';
import { SessionLoginService } from './session-login.service';
import { StatefulMatcher } from './stateful-domains';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { EventsModule } from '../events/events.module';
import { LdapModule } from '../ldap/ldap.module';

@Module({
  imports: [EventsModule, PassportModule, UsersModule, SessionsModule, TokensModule, ThrottleModule, TwoFactorModule, LdapModule],
  providers: [Authenticator, CsrfStep, SanctumStrategy, LocalStrategy, CredentialsService, SessionLoginService, AuthFlowService, SessionCookies, TwoFactorLoginGate],
  exports: [Authenticator, CsrfStep, SanctumStrategy, LocalStrategy, CredentialsService, SessionLoginService, AuthFlowService, TwoFactorLoginGate, UsersModule, SessionsModule, TokensModule, ThrottleModule, LdapModule],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly cookies: SessionCookies,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * CORS for the stateful origins (before routing, so preflights work on every path), and the
   * session and XSRF-TOKEN cookies, written once as the response leaves (errors included).
   * At bootstrap, after the module-wide hooks (request id, security headers) registered at module
   * init, so a preflight answered here carries them too; Fastify compiles route hooks when it starts.
   */
  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // CLI application context: no HTTP server.
    registerCors(fastify, new StatefulMatcher(this.config.statefulDomains));
    fastify.decorateRequest('gatehouse', undefined as AuthResult | undefined);
    fastify.decorateReply('sessionHandoff', null);
    fastify.decorateRequest('auth', {
      getter(this: { gatehouse: AuthResult | undefined }) {
        return this.gatehouse?.caller ?? null;
      },
    });
    // Callback style: it runs on every response, and an async hook costs a promise each time.
    fastify.addHook('onSend', (request, reply, payload, done) => {
      // A handler's new session id wins over the one the request came with.
      const handoff = reply.sessionHandoff;
      const result = request.gatehouse;
      if (handoff) this.cookies.issue(reply, handoff.sessionId, handoff.remember);
      else if (result?.cookies.issue && result.sessionId) this.cookies.issue(reply, result.sessionId, result.cookies.remember);
      done(null, payload);
    });
  }
}
