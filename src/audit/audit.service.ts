import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isPlainIp } from '../common/client-ip';
import type { GatehouseEventName } from '../events/gatehouse-event.types';
import type { RequestFacts } from '../common/request-facts';
import { AuditEvent } from './audit-event.entity';

/** Every Gatehouse event, plus the two the guards record that hosts are not sent. */
export type AuditEventName = GatehouseEventName | 'authorization.denied' | 'csrf.mismatch';

// Defence in depth: metadata must never carry a secret, even if a caller slips.
const FORBIDDEN_KEYS = /^(password.*|current_password|token|plain_?token|challenge_token|secret|.*_secret|code|recovery_codes?|cookie|authorization)$/i;

export interface AuditEntry {
  /** Where the action came from (the edge turns the request into these: requestFacts). */
  facts?: RequestFacts;
  userId?: number | null;
  /** The client's facts without RequestFacts (an event's payload). */
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Record<string, unknown>;
  /** Record inside a caller's transaction (so it commits or rolls back with the change). */
  manager?: EntityManager;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async record(event: AuditEventName, entry: AuditEntry = {}): Promise<void> {
    const row = {
      event,
      userId: entry.userId ?? null,
      ipAddress: columnIp(entry.facts?.ip ?? entry.ip ?? undefined),
      userAgent: (entry.facts ? entry.facts.userAgent : entry.userAgent)?.slice(0, 500) ?? null,
      metadata: scrub(entry.metadata ?? {}),
    };
    try {
      await (entry.manager ?? this.events.manager).insert(AuditEvent, row as QueryDeepPartialEntity<AuditEvent>);
    } catch (error) {
      if (entry.manager) throw error;
      // The trail must not turn a successful action into a failed response, but a lost security
      // event must be seen. Only the event, code and message: the error's query parameters carry
      // the row (emails, user agents).
      const { code, message } = error as { code?: string; message?: string };
      this.logger.error({ msg: 'audit write failed', event, code, error: message });
    }
  }

  /**
   * Deletes events older than `retentionDays`, `batchSize` rows per statement so a large backlog
   * never holds one long lock; returns how many.
   */
  async prune(retentionDays: number, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      // DELETE through query() resolves to [rows, affectedCount].
      const result: unknown = await this.events.query(PRUNE_SQL, [retentionDays, batchSize]);
      const deleted = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}

/** ip_address is varchar(45): a value that is no address, or cannot fit, is stored as unknown. */
function columnIp(ip: string | undefined): string | null {
  return isPlainIp(ip) && ip.length <= 45 ? ip : null;
}
const PRUNE_SQL = `
  DELETE FROM audit_events WHERE id IN (
    SELECT id FROM audit_events WHERE created_at < now() - make_interval(days => $1) ORDER BY id LIMIT $2
  )`;

function scrub(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).filter(([key]) => !FORBIDDEN_KEYS.test(key)));
}
