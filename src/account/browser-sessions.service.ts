import { Injectable } from '@nestjs/common';
import { AuthContext } from '../auth/auth-context';
import { SessionLoginService } from '../auth/session-login.service';
import type { SessionHandoff } from '../auth/session-handle';
import type { RequestFacts } from '../common/request-facts';
import { notFound } from '../common/api-error';
import { SessionsService } from '../sessions/sessions.service';
import { BrowserSessionResponse, toBrowserSessionResponse } from './browser-session.response';
import { PasswordCheck } from './password-check';
import { GatehouseEvents } from '../events/gatehouse-events.service';

/** Jetstream's browser sessions: list, end one, end all others. */
@Injectable()
export class BrowserSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly sessionLogin: SessionLoginService,
    private readonly passwordCheck: PasswordCheck,
    private readonly events: GatehouseEvents,
  ) {}

  async list(auth: AuthContext): Promise<BrowserSessionResponse[]> {
    const records = await this.sessions.listForUser(auth.user.id);
    return records.map((record) => toBrowserSessionResponse(record, auth.session?.hash ?? null));
  }

  /** 404 for an unknown handle or another user's session. Ending the current one logs it out (its new guest id). */
  async revoke(facts: RequestFacts, auth: AuthContext, publicId: string): Promise<SessionHandoff | null> {
    const records = await this.sessions.listForUser(auth.user.id);
    const target = records.find((record) => record.publicId === publicId);
    if (!target) throw notFound();
    let handoff: SessionHandoff | null = null;
    if (auth.via === 'session' && target.hash === auth.session.hash) handoff = await this.sessionLogin.logout(facts, auth);
    else await this.sessions.destroy(target.hash);
    await this.events.emit('session.revoked', { facts, userId: auth.user.id, metadata: { session_id: publicId } });
    return handoff;
  }

  async revokeOthers(facts: RequestFacts, auth: AuthContext, password: string): Promise<void> {
    await this.passwordCheck.require(auth.user, password);
    const ended = await this.sessions.destroyForUser(auth.user.id, auth.session?.hash);
    await this.events.emit('session.revoked', { facts, userId: auth.user.id, metadata: { scope: 'others', count: ended } });
  }
}
