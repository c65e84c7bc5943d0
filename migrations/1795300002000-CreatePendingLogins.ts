import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePendingLogins1795300002000 implements MigrationInterface {
  name = 'CreatePendingLogins1795300002000';

  async up(q: QueryRunner): Promise<void> {
    // A password login waiting for its second factor, for SPA sessions (tied to the browser's session
    // cookie) and token clients (a challenge token) alike. Ids are SHA-256 hex, never the plain value.
    await q.query(`
      CREATE TABLE pending_logins (
        id char(64) NOT NULL,
        user_id bigint NOT NULL,
        kind varchar(8) NOT NULL,
        session_hash char(64) NULL,
        remember boolean NOT NULL DEFAULT false,
        device_name text NULL,
        abilities jsonb NULL,
        attempts integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_pending_logins PRIMARY KEY (id),
        CONSTRAINT uq_pending_logins_session_hash UNIQUE (session_hash),
        CONSTRAINT fk_pending_logins_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_pending_logins_kind CHECK (kind IN ('session', 'token')),
        CONSTRAINT ck_pending_logins_session_hash CHECK ((kind = 'session') = (session_hash IS NOT NULL)),
        CONSTRAINT ck_pending_logins_device_name CHECK ((kind = 'token') = (device_name IS NOT NULL))
      )`);
    await q.query('CREATE INDEX idx_pending_logins_user_id ON pending_logins (user_id)');
    await q.query('CREATE INDEX idx_pending_logins_expires_at ON pending_logins (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pending_logins');
  }
}
