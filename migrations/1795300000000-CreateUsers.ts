import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1795300000000 implements MigrationInterface {
  name = 'CreateUsers1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id bigint GENERATED ALWAYS AS IDENTITY,
        name varchar(255) NOT NULL,
        email varchar(255) NOT NULL,
        email_verified_at timestamptz NULL,
        password varchar(255) NOT NULL,
        locale varchar(12) NULL,
        two_factor_secret text NULL,
        two_factor_recovery_codes text NULL,
        two_factor_confirmed_at timestamptz NULL,
        two_factor_last_step bigint NULL,
        current_team_id bigint NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id)
      )`);
    // Emails are unique case-insensitively (stored lower-cased too; the index guards direct writes).
    await q.query('CREATE UNIQUE INDEX uq_users_email_lower ON users (lower(email))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE users');
  }
}
