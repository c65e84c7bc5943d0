import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CookieOptions, serializeCookie } from '../common/cookies';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { LruCache } from '../cache/lru-cache';
import { csrfTokenFor } from './csrf';

export const XSRF_COOKIE = 'XSRF-TOKEN';

/**
 * Writes the session cookie (HttpOnly) and the XSRF-TOKEN cookie (readable by the SPA), docs/http-contract.md §2.2–2.3,
 * on every response that uses the session (sliding expiry, as Laravel). Expires has one-second
 * resolution, so the two header values of a session are built (HMAC included) once per second.
 */
@Injectable()
export class SessionCookies {
  private readonly recent = new LruCache<string, string[]>(1_000, 1_000);

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  issue(reply: FastifyReply, sessionId: string, remember: boolean): void {
    const second = Math.floor(Date.now() / 1000);
    const key = `${second}|${remember ? 1 : 0}|${sessionId}`;
    let headers = this.recent.get(key);
    if (!headers) {
      headers = this.build(sessionId, remember);
      this.recent.set(key, headers);
    }
    reply.header('set-cookie', headers);
  }

  private build(sessionId: string, remember: boolean): string[] {
    const { session } = this.config;
    const base: CookieOptions = {
      maxAgeSeconds: remember ? session.rememberLifetimeDays * 86_400 : session.lifetimeMinutes * 60,
      path: '/',
      domain: session.domain,
      secure: session.secure,
      sameSite: session.sameSite,
    };
    return [
      serializeCookie(session.cookie, sessionId, { ...base, httpOnly: true }),
      serializeCookie(XSRF_COOKIE, csrfTokenFor(this.config.appKey, sessionId), { ...base, httpOnly: false }),
    ];
  }
}
