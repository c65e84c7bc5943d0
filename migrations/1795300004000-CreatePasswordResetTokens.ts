import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePasswordResetTokens1795300004000 implements MigrationInterface {
  name = 'CreatePasswordResetTokens1795300004000';

  async up(q: QueryRunner): Promise<void> {
    // Laravel's table (one row per address), plus user_id so deleting a user removes its tokens.
    // `token` is SHA-256 hex of a 64-character random secret: never the mailed value itself.
    await q.query(`
      CREATE TABLE password_reset_tokens (
        email varchar(255) NOT NULL,
        user_id bigint NOT NULL,
        token char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_password_reset_tokens PRIMARY KEY (email),
        CONSTRAINT fk_password_reset_tokens_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_password_reset_tokens_user_id ON password_reset_tokens (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE password_reset_tokens');
  }
}
