import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSocialAccounts1795500100100 implements MigrationInterface {
  name = 'CreateSocialAccounts1795500100100';

  async up(q: QueryRunner): Promise<void> {
    // access_token / refresh_token: AES-256-GCM ciphertext (APP_KEY), only when the provider is configured to keep them.
    await q.query(`
      CREATE TABLE social_accounts (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id bigint NOT NULL,
        provider varchar(32) NOT NULL,
        subject varchar(255) NOT NULL,
        email varchar(255) NULL,
        display_name varchar(255) NULL,
        access_token text NULL,
        refresh_token text NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_social_accounts PRIMARY KEY (id),
        CONSTRAINT uq_social_accounts_provider_subject UNIQUE (provider, subject),
        CONSTRAINT fk_social_accounts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_social_accounts_user_id ON social_accounts (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE social_accounts');
  }
}
