import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { sha256Hex } from '../common/crypto';
import { newSessionId, SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { currentSessionId } from './auth-context';

/**
 * Logging a browser in and out. Every change of who is logged in gets a brand-new session id,
 * and with it a new CSRF token (the token is derived from the id).
 */
@Injectable()
export class SessionLoginService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly events: GatehouseEvents,
  ) {}

  async login(request: FastifyRequest, user: User, remember: boolean): Promise<void> {
    await this.endCurrent(request);
    const { id } = await this.sessions.start(user.id, remember, {
      ipAddress: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    this.useSessionId(request, id, remember);
    await this.events.emit('login.succeeded', { request, userId: user.id, metadata: { via: 'session', remember } });
  }

  /** Invalidates the session and hands the browser a fresh guest id (and CSRF token). */
  async logout(request: FastifyRequest): Promise<void> {
    const userId = request.auth?.user.id ?? null;
    await this.endCurrent(request);
    this.useSessionId(request, newSessionId(), false);
    await this.events.emit('logout', { request, userId, metadata: { via: 'session' } });
  }

  /** A guest id for /sanctum/csrf-cookie: the existing well-formed one, or a new one. No row is written. */
  ensureGuestSession(request: FastifyRequest): void {
    this.useSessionId(request, currentSessionId(request) ?? newSessionId(), request.auth?.session?.remember ?? false);
  }

  /**
   * Deletes the row behind the session cookie, if any (Laravel's regenerate(true)). /login and
   * /register are public, so the guard never loaded the session there: go by the cookie itself,
   * which also kills a still-valid session when someone logs in again over it.
   */
  private async endCurrent(request: FastifyRequest): Promise<void> {
    const cookieId = request.gatehouse?.sessionId ?? null;
    const hash = request.auth?.session?.hash ?? (cookieId ? sha256Hex(cookieId) : null);
    if (hash) await this.sessions.destroy(hash);
  }

  private useSessionId(request: FastifyRequest, sessionId: string, remember: boolean): void {
    request.sessionHandoff = Object.freeze({ sessionId, remember });
  }
}
