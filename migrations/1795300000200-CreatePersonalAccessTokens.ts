import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersonalAccessTokens1795300000200 implements MigrationInterface {
  name = 'CreatePersonalAccessTokens1795300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_access_tokens (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id bigint NOT NULL,
        name text NOT NULL,
        token char(64) NOT NULL,
        abilities jsonb NOT NULL DEFAULT '["*"]'::jsonb,
        last_used_at timestamptz NULL,
        expires_at timestamptz NULL,
        password_confirmed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_personal_access_tokens PRIMARY KEY (id),
        CONSTRAINT uq_personal_access_tokens_token UNIQUE (token),
        CONSTRAINT fk_personal_access_tokens_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_personal_access_tokens_user_id ON personal_access_tokens (user_id, created_at DESC)');
    await q.query('CREATE INDEX idx_personal_access_tokens_expires_at ON personal_access_tokens (expires_at)');
    await q.query('CREATE INDEX idx_personal_access_tokens_created_at ON personal_access_tokens (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_access_tokens');
  }
}
