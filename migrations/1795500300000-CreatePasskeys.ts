import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePasskeys1795500300000 implements MigrationInterface {
  name = 'CreatePasskeys1795500300000';

  async up(q: QueryRunner): Promise<void> {
    // credential_id: the authenticator's credential id, base64url (what browsers send as `id`); public_key: COSE bytes.
    await q.query(`
      CREATE TABLE passkeys (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id bigint NOT NULL,
        credential_id varchar(1400) NOT NULL,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports jsonb NOT NULL DEFAULT '[]'::jsonb,
        backed_up boolean NOT NULL DEFAULT false,
        device_type varchar(16) NOT NULL,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        CONSTRAINT pk_passkeys PRIMARY KEY (id),
        CONSTRAINT uq_passkeys_credential_id UNIQUE (credential_id),
        CONSTRAINT fk_passkeys_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_passkeys_user_id ON passkeys (user_id)');
    // Ceremony challenges: only their SHA-256 is stored; a row is deleted by the one answer that uses it.
    await q.query(`
      CREATE TABLE passkey_challenges (
        id char(64) NOT NULL,
        purpose varchar(16) NOT NULL,
        user_id bigint NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_passkey_challenges PRIMARY KEY (id),
        CONSTRAINT fk_passkey_challenges_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_passkey_challenges_expires_at ON passkey_challenges (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE passkey_challenges');
    await q.query('DROP TABLE passkeys');
  }
}
