import { Injectable } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { SessionLoginService } from '../auth/session-login.service';
import type { SessionHandoff } from '../auth/session-handle';
import type { RequestFacts } from '../common/request-facts';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { UsersService } from '../users/users.service';
import { PasswordCheck } from './password-check';
import { GatehouseEvents } from '../events/gatehouse-events.service';

/** Jetstream's DeleteUser: the account and everything hanging off it, in one transaction. */
@Injectable()
export class AccountDeletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
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
    await this.dataSource.transaction(async (manager) => {
      // Foreign keys cascade (sessions, tokens, role links, reset tokens); tokens and sessions are
      // deleted explicitly too, so no credential of the user can outlive it whatever the schema.
      await this.tokens.revokeAllFor(user.id, manager);
      await this.sessions.destroyForUser(user.id, undefined, manager);
      await this.users.delete(user.id, manager);
      // audit_events has no foreign key on user_id: this event outlives the user.
      await this.audit.record('user.deleted', { facts, userId: user.id, metadata: { email: user.email }, manager });
    });
    this.bus.invalidate({ kind: 'user', key: user.id });
    await this.events.emit('user.deleted', { facts, userId: user.id, metadata: { email: user.email } });
    // As Jetstream: log the browser out and hand it a fresh (guest) session id and CSRF token.
    return auth.via === 'session' ? this.sessionLogin.logout(facts, auth) : null;
  }
}
