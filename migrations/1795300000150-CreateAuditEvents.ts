import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvents1795300000150 implements MigrationInterface {
  name = 'CreateAuditEvents1795300000150';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key on user_id: the trail (user.deleted included) outlives the user.
    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        event varchar(64) NOT NULL,
        user_id bigint NULL,
        ip_address varchar(45) NULL,
        user_agent text NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_events PRIMARY KEY (id)
      )`);
    await q.query('CREATE INDEX idx_audit_events_user_id ON audit_events (user_id, id DESC)');
    await q.query('CREATE INDEX idx_audit_events_event ON audit_events (event, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_events');
  }
}
