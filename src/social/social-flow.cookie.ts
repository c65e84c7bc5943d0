import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { handOffSession } from '../auth/session-answer';
import { requestCookies, serializeCookie } from '../common/cookies';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { SOCIAL_FLOW_COOKIE, SOCIAL_FLOW_TTL_SECONDS } from './social-flow';
import type { SocialRedirect } from './social-web.service';

/**
 * The flow cookie binds a redirect to the browser that started it: HttpOnly, and SameSite=Lax so the provider's
 * top-level redirect back carries it. Every callback clears it, so a flow is used once.
 */
@Injectable()
export class SocialFlowCookie {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  read(request: FastifyRequest): string | undefined {
    return requestCookies(request)[SOCIAL_FLOW_COOKIE];
  }

  redirect(reply: FastifyReply, next: SocialRedirect): FastifyReply {
    const { secure, domain } = this.config.session;
    const maxAgeSeconds = next.flowCookie === null ? 0 : SOCIAL_FLOW_TTL_SECONDS;
    reply.header('set-cookie', serializeCookie(SOCIAL_FLOW_COOKIE, next.flowCookie ?? '', { maxAgeSeconds, path: '/', domain, secure, httpOnly: true, sameSite: 'lax' }));
    handOffSession(reply, next.session);
    return reply.header('cache-control', 'no-store').redirect(next.location, 302);
  }
}
