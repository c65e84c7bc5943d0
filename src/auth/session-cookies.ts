import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CookieOptions, setCookie } from '../common/cookies';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { csrfTokenFor } from './csrf';

export const XSRF_COOKIE = 'XSRF-TOKEN';

/** Writes the session cookie (HttpOnly) and the XSRF-TOKEN cookie (readable by the SPA), API.md §2. */
@Injectable()
export class SessionCookies {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  issue(reply: FastifyReply, sessionId: string, remember: boolean): void {
    const { session } = this.config;
    const maxAgeSeconds = remember ? session.rememberLifetimeDays * 86_400 : session.lifetimeMinutes * 60;
    const base: CookieOptions = {
      maxAgeSeconds,
      path: '/',
      domain: session.domain,
      secure: session.secure,
      sameSite: session.sameSite,
    };
    setCookie(reply, session.cookie, sessionId, { ...base, httpOnly: true });
    setCookie(reply, XSRF_COOKIE, csrfTokenFor(this.config.appKey, sessionId), { ...base, httpOnly: false });
  }
}
