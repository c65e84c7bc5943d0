import { Injectable } from '@nestjs/common';
import type { RequestFacts } from '../common/request-facts';
import { newSessionId, SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { SessionCaller } from './auth-context';
import { nowSeconds } from './password-confirmation';
import { handoffTo, SessionHandle, SessionHandoff } from './session-handle';

/**
 * Logging a browser in and out. Every change of who is logged in gets a brand-new session id,
 * and with it a new CSRF token (the token is derived from the id): the returned handoff, which the
 * controller puts on the answer.
 */
@Injectable()
export class SessionLoginService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly events: GatehouseEvents,
  ) {}

  /**
   * Ends the session the browser came with (Laravel's regenerate(true)), also a still-valid one
   * someone logs in again over, and starts the user's under a new id.
   */
  async login(
    facts: RequestFacts,
    current: SessionHandle,
    user: User,
    remember: boolean,
    /** A passwordless account's fresh login (social, passkey): recorded as the session's password confirmation (there is nothing to confirm). */
    freshLogin = false,
  ): Promise<SessionHandoff> {
    await this.end(current.hash);
    const payload = freshLogin ? { password_confirmed_at: nowSeconds() } : {};
    const { id } = await this.sessions.start(user.id, remember, { ipAddress: facts.ip, userAgent: facts.userAgent }, undefined, payload);
    await this.events.emit('login.succeeded', { facts, userId: user.id, metadata: { via: 'session', remember } });
    return handoffTo(id, remember);
  }

  /** Invalidates the caller's session; the browser gets a fresh guest id (and CSRF token). */
  async logout(facts: RequestFacts, caller: SessionCaller): Promise<SessionHandoff> {
    await this.end(caller.session.hash);
    await this.events.emit('logout', { facts, userId: caller.user.id, metadata: { via: 'session' } });
    return handoffTo(newSessionId(), false);
  }

  private async end(hash: string | null): Promise<void> {
    if (hash) await this.sessions.destroy(hash);
  }
}
