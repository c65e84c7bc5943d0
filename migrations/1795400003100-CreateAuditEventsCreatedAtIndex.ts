import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pruner deletes audit events by age (AUDIT_RETENTION_DAYS) in batches: without this, each batch scans the table. */
export class CreateAuditEventsCreatedAtIndex1795400003100 implements MigrationInterface {
  name = 'CreateAuditEventsCreatedAtIndex1795400003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idx_audit_events_created_at ON audit_events (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_audit_events_created_at');
  }
}
