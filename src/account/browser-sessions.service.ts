import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthContext } from '../auth/auth-context';
import { SessionLoginService } from '../auth/session-login.service';
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

  /** 404 for an unknown handle or another user's session. Ending the current one logs it out. */
  async revoke(request: FastifyRequest, auth: AuthContext, publicId: string): Promise<void> {
    const records = await this.sessions.listForUser(auth.user.id);
    const target = records.find((record) => record.publicId === publicId);
    if (!target) throw notFound();
    if (target.hash === auth.session?.hash) await this.sessionLogin.logout(request);
    else await this.sessions.destroy(target.hash);
    await this.events.emit('session.revoked', { request, userId: auth.user.id, metadata: { session_id: publicId } });
  }

  async revokeOthers(request: FastifyRequest, auth: AuthContext, password: string): Promise<void> {
    await this.passwordCheck.require(auth.user, password);
    const ended = await this.sessions.destroyForUser(auth.user.id, auth.session?.hash);
    await this.events.emit('session.revoked', { request, userId: auth.user.id, metadata: { scope: 'others', count: ended } });
  }
}
