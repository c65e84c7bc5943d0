import { Injectable } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { SessionLoginService } from '../auth/session-login.service';
import type { SessionHandoff } from '../auth/session-handle';
import type { RequestFacts } from '../common/request-facts';
import { AuditService } from '../audit/audit.service';
import { Session } from '../sessions/session.entity';
import { PersonalAccessToken } from '../tokens/personal-access-token.entity';
import { User } from '../users/user.entity';
import { PasswordCheck } from './password-check';
import { GatehouseEvents } from '../events/gatehouse-events.service';

/** Jetstream's DeleteUser: the account and everything hanging off it, in one transaction. */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwordCheck: PasswordCheck,
    private readonly sessionLogin: SessionLoginService,
    private readonly audit: AuditService,
    private readonly events: GatehouseEvents,
    private readonly bus: InvalidationBus,
  ) {}

  /** A session caller is logged out too: the returned handoff is its new guest id. */
  async delete(facts: RequestFacts, auth: AuthContext, password: string): Promise<SessionHandoff | null> {
    const user = auth.user;
    await this.passwordCheck.require(user, password);
    await this.users.manager.transaction(async (manager) => {
      // Foreign keys cascade (sessions, tokens, role links, reset tokens); tokens and sessions are
      // deleted explicitly too, so no credential of the user can outlive it whatever the schema.
      await manager.delete(PersonalAccessToken, { userId: user.id });
      await manager.delete(Session, { userId: user.id });
      await manager.delete(User, { id: user.id });
      // audit_events has no foreign key on user_id: this event outlives the user.
      await this.audit.record('user.deleted', { facts, userId: user.id, metadata: { email: user.email }, manager });
    });
    this.bus.invalidate({ kind: 'user', key: user.id });
    await this.events.emit('user.deleted', { facts, userId: user.id, metadata: { email: user.email } });
    // As Jetstream: log the browser out and hand it a fresh (guest) session id and CSRF token.
    return auth.via === 'session' ? this.sessionLogin.logout(facts, auth) : null;
  }
}
