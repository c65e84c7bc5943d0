import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1795300000100 implements MigrationInterface {
  name = 'CreateSessions1795300000100';

  async up(q: QueryRunner): Promise<void> {
    // Only authenticated sessions get a row; a guest's CSRF token is derived from its cookie id.
    await q.query(`
      CREATE TABLE sessions (
        id char(64) NOT NULL,
        public_id varchar(32) NOT NULL,
        user_id bigint NOT NULL,
        remember boolean NOT NULL DEFAULT false,
        ip_address varchar(45) NULL,
        user_agent text NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_activity timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sessions PRIMARY KEY (id),
        CONSTRAINT uq_sessions_public_id UNIQUE (public_id),
        CONSTRAINT fk_sessions_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_sessions_user_id ON sessions (user_id)');
    await q.query('CREATE INDEX idx_sessions_expires_at ON sessions (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sessions');
  }
}
