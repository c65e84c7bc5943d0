import { Injectable, OnModuleInit } from '@nestjs/common';
import { GATEHOUSE_EVENT_NAMES, GatehouseEventName } from '../events/gatehouse-event.types';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { AuditService } from './audit.service';

/**
 * Recorded by their services inside the transaction that makes the change (the row commits or rolls
 * back with it), so not through this subscriber: an event is only emitted after the commit.
 */
export const RECORDED_IN_TRANSACTION: readonly GatehouseEventName[] = ['password.changed', 'password.reset', 'user.deleted'];

/** The audit trail as one subscriber of the Gatehouse events. */
@Injectable()
export class AuditSubscriber implements OnModuleInit {
  constructor(
    private readonly events: GatehouseEvents,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    for (const name of GATEHOUSE_EVENT_NAMES) {
      if (RECORDED_IN_TRANSACTION.includes(name)) continue;
      this.events.on(name, (event) =>
        this.audit.record(name, { userId: event.userId, ip: event.ip, userAgent: event.userAgent, metadata: event.metadata }),
      );
    }
  }
}
